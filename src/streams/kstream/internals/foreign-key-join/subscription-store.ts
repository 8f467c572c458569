import type { StateStore, StateStoreContext } from '../../../processor/state-store.js';
import type { StoreBuilder } from '../../../../state/store-builder.js';
import type { ValueAndTimestamp } from '../../../../state/key-value-store.js';
import type { Serde } from '../../../serdes/serde.js';
import type { SubscriptionWrapper } from './wrappers.js';

/**
 * The subscriptions of the foreign side of a foreign-key join (Kafka Streams' subscription store,
 * keyed by `CombinedKey(foreignKey, primaryKey)`): who is subscribed to which foreign key, with the
 * hash of their value. A prefix scan by foreign key lists the subscribers, by primary-key bytes.
 * INTERIM: in memory, not changelogged, until the state layer's stores are bound here.
 */
export class SubscriptionStore implements StateStore {
  private readonly byForeignKey = new Map<string, Map<string, { primaryKey: unknown; value: ValueAndTimestamp<SubscriptionWrapper> }>>();
  private open = false;

  constructor(
    readonly name: string,
    private readonly foreignKeySerde: Serde<unknown>,
    private readonly primaryKeySerde: Serde<unknown>,
  ) {}

  init(_context: StateStoreContext): void {
    this.open = true;
  }

  flush(): void {}

  close(): void {
    this.open = false;
  }

  persistent(): boolean {
    return false;
  }

  isOpen(): boolean {
    return this.open;
  }

  private id(serde: Serde<unknown>, key: unknown): string {
    return serde.serialize('', key)?.toString('latin1') ?? '';
  }

  get(foreignKey: unknown, primaryKey: unknown): ValueAndTimestamp<SubscriptionWrapper> | null {
    return this.byForeignKey.get(this.id(this.foreignKeySerde, foreignKey))?.get(this.id(this.primaryKeySerde, primaryKey))?.value ?? null;
  }

  put(foreignKey: unknown, primaryKey: unknown, value: ValueAndTimestamp<SubscriptionWrapper>): void {
    const fk = this.id(this.foreignKeySerde, foreignKey);
    let subs = this.byForeignKey.get(fk);
    if (!subs) this.byForeignKey.set(fk, (subs = new Map()));
    subs.set(this.id(this.primaryKeySerde, primaryKey), { primaryKey, value });
  }

  delete(foreignKey: unknown, primaryKey: unknown): void {
    const fk = this.id(this.foreignKeySerde, foreignKey);
    const subs = this.byForeignKey.get(fk);
    if (!subs) return;
    subs.delete(this.id(this.primaryKeySerde, primaryKey));
    if (subs.size === 0) this.byForeignKey.delete(fk);
  }

  /** the subscribers of a foreign key, by primary-key bytes */
  subscribers(foreignKey: unknown): { primaryKey: unknown; value: ValueAndTimestamp<SubscriptionWrapper> }[] {
    const subs = this.byForeignKey.get(this.id(this.foreignKeySerde, foreignKey));
    if (!subs) return [];
    return [...subs.entries()].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0)).map((e) => e[1]);
  }
}

export function subscriptionStoreBuilder(name: string, foreignKeySerde: Serde<unknown>, primaryKeySerde: Serde<unknown>): StoreBuilder<StateStore> {
  let logging = true;
  let logConfig: Readonly<Record<string, string>> = {};
  const builder: StoreBuilder<StateStore> = {
    name,
    cachingEnabled: false,
    get loggingEnabled() {
      return logging;
    },
    get logConfig() {
      return logConfig;
    },
    withCachingEnabled: () => builder,
    withCachingDisabled: () => builder,
    withLoggingEnabled(config = {}) {
      logging = true;
      logConfig = config;
      return builder;
    },
    withLoggingDisabled() {
      logging = false;
      return builder;
    },
    build: () => new SubscriptionStore(name, foreignKeySerde, primaryKeySerde),
  };
  return builder;
}
