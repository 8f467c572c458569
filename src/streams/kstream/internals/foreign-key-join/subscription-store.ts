import type { TimestampedKeyValueStore, ValueAndTimestamp } from '../../../../state/key-value-store.js';
import type { Serde, Serializer } from '../../../serdes/serde.js';
import type { StateStore } from '../../../processor/state-store.js';
import type { TopologyPort } from '../topology-port.js';
import { GraphNode } from '../graph/graph-node.js';
import { subscriptionWrapperSerde, type SubscriptionWrapper } from './wrappers.js';

const bytesSerde: Serde<Buffer> = { serialize: (_t, d) => d ?? null, deserialize: (_t, d) => d as Buffer };

/**
 * The subscriptions of the foreign side of a foreign-key join (Kafka Streams' subscription store):
 * a timestamped key-value store keyed by `CombinedKey(foreignKey, primaryKey)` in Kafka's layout
 * `<4-byte foreign-key length><foreign key><primary key>`, so that a prefix scan by foreign key lists
 * the subscribers in primary-key byte order. Built by the DSL's store suppliers (changelogged,
 * in memory or LMDB as `default.dsl.store` says).
 */
export class SubscriptionStore {
  constructor(
    private readonly store: TimestampedKeyValueStore<Buffer, SubscriptionWrapper>,
    private readonly foreignKeySerializer: Serializer<unknown>,
    private readonly primaryKeySerializer: Serializer<unknown>,
  ) {}

  private prefix(foreignKey: unknown): Buffer {
    const fk = this.foreignKeySerializer.serialize('', foreignKey) ?? Buffer.alloc(0);
    const out = Buffer.allocUnsafe(4 + fk.length);
    out.writeInt32BE(fk.length, 0);
    fk.copy(out, 4);
    return out;
  }

  private combined(foreignKey: unknown, primaryKey: unknown): Buffer {
    const pk = this.primaryKeySerializer.serialize('', primaryKey) ?? Buffer.alloc(0);
    return Buffer.concat([this.prefix(foreignKey), pk]);
  }

  put(foreignKey: unknown, primaryKey: unknown, value: ValueAndTimestamp<SubscriptionWrapper>): void {
    this.store.put(this.combined(foreignKey, primaryKey), value);
  }

  delete(foreignKey: unknown, primaryKey: unknown): void {
    this.store.delete(this.combined(foreignKey, primaryKey));
  }

  /** the subscribers of a foreign key, by primary-key bytes */
  subscribers(foreignKey: unknown): { primaryKey: unknown; value: ValueAndTimestamp<SubscriptionWrapper> }[] {
    const out: { primaryKey: unknown; value: ValueAndTimestamp<SubscriptionWrapper> }[] = [];
    for (const kv of this.store.prefixScan(this.prefix(foreignKey), bytesSerde)) out.push({ primaryKey: kv.value.value.primaryKey, value: kv.value });
    return out;
  }
}

/** Adds the subscription store to the topology, built by the DSL's store suppliers. */
export class SubscriptionStoreNode extends GraphNode {
  constructor(
    readonly storeName: string,
    private readonly primaryKeySerde: Serde<unknown>,
  ) {
    super(storeName);
  }

  writeToTopology(topology: TopologyPort): void {
    const builder = topology.storeSuppliers({
      kind: 'keyValue',
      name: this.storeName,
      storeType: undefined,
      keySerde: bytesSerde as Serde<unknown>,
      valueSerde: subscriptionWrapperSerde(this.primaryKeySerde) as Serde<unknown>,
    });
    builder.withCachingDisabled();
    builder.withLoggingEnabled({});
    topology.addStateStore(builder, []);
  }
}

export function openSubscriptionStore(store: StateStore, foreignKeySerializer: Serializer<unknown>, primaryKeySerializer: Serializer<unknown>): SubscriptionStore {
  return new SubscriptionStore(store as unknown as TimestampedKeyValueStore<Buffer, SubscriptionWrapper>, foreignKeySerializer, primaryKeySerializer);
}
