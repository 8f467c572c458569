import type { StateStore } from '../../processor/state-store.js';
import type { StoreBuilder } from '../../../state/store-builder.js';
import type { MaterializedInternal } from './materialized-internal.js';
import type { DslStoreSuppliers } from './dsl-stores.js';
import { BufferSerde } from '../../serdes/primitive-serdes.js';

/**
 * Turns a resolved `Materialized` into the store builder of a timestamped key-value store (Kafka
 * Streams' `KeyValueStoreMaterializer`). Built lazily, when the graph writes itself, so that the
 * optimizer can still switch the changelog off (source topic reuse).
 */
export class KeyValueStoreMaterializer {
  private loggingDisabled = false;

  constructor(readonly materialized: MaterializedInternal<unknown, unknown>) {}

  get name(): string {
    const name = this.materialized.storeName;
    if (name === undefined) throw new Error('a materialized store needs a name');
    return name;
  }

  withLoggingDisabled(): void {
    this.loggingDisabled = true;
  }

  build(suppliers: DslStoreSuppliers): StoreBuilder<StateStore> {
    const m = this.materialized;
    const builder = suppliers({
      kind: 'keyValue',
      name: this.name,
      storeType: m.storeType,
      keySerde: m.keySerde,
      valueSerde: m.valueSerde,
      ...(m.versioned ? { versionedHistoryRetentionMs: m.versioned.historyRetentionMs } : {}),
    });
    // versioned stores have no cache (as in Kafka Streams)
    if (m.cachingEnabled && !m.versioned) builder.withCachingEnabled();
    else builder.withCachingDisabled();
    if (m.loggingEnabled && !this.loggingDisabled) builder.withLoggingEnabled(m.logConfig);
    else builder.withLoggingDisabled();
    return builder;
  }
}

/** Any store a DSL graph node builds when it writes itself (Kafka Streams' `StoreFactory`). */
export interface StoreFactory {
  readonly name: string;
  withLoggingDisabled(): void;
  build(suppliers: DslStoreSuppliers): StoreBuilder<StateStore>;
}

/** The window store of one side of a stream-stream join: keeps duplicates, never cached. */
export class JoinWindowStoreFactory implements StoreFactory {
  private loggingDisabled = false;

  constructor(
    readonly name: string,
    private readonly options: {
      retentionMs: number;
      windowSizeMs: number;
      keySerde: import('../../serdes/serde.js').Serde<unknown> | undefined;
      valueSerde: import('../../serdes/serde.js').Serde<unknown> | undefined;
      storeType?: import('../materialized.js').DslStoreType;
    },
  ) {}

  withLoggingDisabled(): void {
    this.loggingDisabled = true;
  }

  build(suppliers: DslStoreSuppliers): StoreBuilder<StateStore> {
    const o = this.options;
    const builder = suppliers({
      kind: 'window',
      name: this.name,
      storeType: o.storeType,
      keySerde: o.keySerde,
      valueSerde: o.valueSerde,
      retentionMs: o.retentionMs,
      windowSizeMs: o.windowSizeMs,
      retainDuplicates: true,
    });
    builder.withCachingDisabled();
    if (this.loggingDisabled) builder.withLoggingDisabled();
    else builder.withLoggingEnabled({});
    return builder;
  }
}

/**
 * The shared store of a left/outer stream-stream join (Kafka Streams' `OuterStreamJoinStoreFactory`):
 * a plain key-value store of bytes, never cached, holding the records still waiting for a partner.
 */
export class OuterJoinStoreFactory implements StoreFactory {
  private loggingDisabled = false;

  constructor(
    readonly name: string,
    private readonly storeType?: import('../materialized.js').DslStoreType,
  ) {}

  withLoggingDisabled(): void {
    this.loggingDisabled = true;
  }

  build(suppliers: DslStoreSuppliers): StoreBuilder<StateStore> {
    const bytes = new BufferSerde() as import('../../serdes/serde.js').Serde<unknown>;
    const builder = suppliers({ kind: 'keyValue', name: this.name, storeType: this.storeType, keySerde: bytes, valueSerde: bytes, timestamped: false });
    builder.withCachingDisabled();
    if (this.loggingDisabled) builder.withLoggingDisabled();
    else builder.withLoggingEnabled({});
    return builder;
  }
}
