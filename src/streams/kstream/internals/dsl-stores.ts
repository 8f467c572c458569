import type { Serde } from '../../serdes/serde.js';
import type { StateStore } from '../../processor/state-store.js';
import type { StoreBuilder } from '../../../state/store-builder.js';
import type { DslStoreType } from '../materialized.js';
import { Stores } from '../../../state/stores.js';
import { interimWindowedStoreBuilder } from './windowing/interim-store-supplier.js';

/** What a DSL operator asks for: a timestamped key-value store of a type, with its serdes. */
export type DslStoreRequest =
  | {
      kind: 'keyValue';
      name: string;
      /** undefined: the suppliers' default type */
      storeType: DslStoreType | undefined;
      keySerde: Serde<unknown> | undefined;
      valueSerde: Serde<unknown> | undefined;
      /** set for a versioned table store: how long old versions are kept */
      versionedHistoryRetentionMs?: number;
      /** false: a plain key-value store (values without timestamps), as the outer stream-stream join buffer uses; default true */
      timestamped?: boolean;
    }
  | {
      /** a (non-timestamped) window store, as stream-stream joins use */
      kind: 'window';
      name: string;
      storeType: DslStoreType | undefined;
      keySerde: Serde<unknown> | undefined;
      valueSerde: Serde<unknown> | undefined;
      retentionMs: number;
      windowSizeMs: number;
      retainDuplicates: boolean;
    }
  | {
      /** a timestamped window store of a windowed aggregation; time-ordered for emit-on-window-close */
      kind: 'timestampedWindow';
      name: string;
      storeType: DslStoreType | undefined;
      keySerde: Serde<unknown> | undefined;
      valueSerde: Serde<unknown> | undefined;
      retentionMs: number;
      windowSizeMs: number;
      timeOrdered: boolean;
    }
  | {
      /** the session store of a session-windowed aggregation; time-ordered for emit-on-window-close */
      kind: 'session';
      name: string;
      storeType: DslStoreType | undefined;
      keySerde: Serde<unknown> | undefined;
      valueSerde: Serde<unknown> | undefined;
      retentionMs: number;
      timeOrdered: boolean;
    };

/** @deprecated name kept for readers of older code */
export type DslKeyValueStoreRequest = Extract<DslStoreRequest, { kind: 'keyValue' }>;

/**
 * Makes the stores of DSL operators (Kafka Streams' `DslStoreSuppliers`, config
 * `dsl.store.suppliers.class`). The default builds the state layer's stores; a test or an
 * application can plug in its own through `BuildOptions.dslStoreSuppliers`.
 */
export type DslStoreSuppliers = (request: DslStoreRequest) => StoreBuilder<StateStore>;

/**
 * The store builder of a DSL store: takes the application's default serdes when the DSL has none
 * (the topology calls `configure(config)` before building, as Kafka's `StoreFactory.configure`), then
 * builds the state layer's timestamped key-value store with the caching and logging chosen here.
 */
class DslStoreBuilder implements StoreBuilder<StateStore> {
  private caching = false;
  private logging = true;
  private topicConfig: Readonly<Record<string, string>> = {};
  private keySerde: Serde<unknown> | undefined;
  private valueSerde: Serde<unknown> | undefined;
  private storeType: DslStoreType | undefined;

  constructor(
    private readonly request: DslStoreRequest,
    defaults: { keySerde?: Serde<unknown>; valueSerde?: Serde<unknown>; storeType?: DslStoreType },
  ) {
    this.storeType = request.storeType ?? defaults.storeType;
    this.keySerde = request.keySerde ?? defaults.keySerde;
    this.valueSerde = request.valueSerde ?? defaults.valueSerde;
  }

  get name(): string {
    return this.request.name;
  }
  get loggingEnabled(): boolean {
    return this.logging;
  }
  get cachingEnabled(): boolean {
    return this.caching;
  }
  get logConfig(): Readonly<Record<string, string>> {
    return this.topicConfig;
  }
  withCachingEnabled(): this {
    this.caching = true;
    return this;
  }
  withCachingDisabled(): this {
    this.caching = false;
    return this;
  }
  withLoggingEnabled(topicConfig: Readonly<Record<string, string>> = {}): this {
    this.logging = true;
    this.topicConfig = topicConfig;
    return this;
  }
  withLoggingDisabled(): this {
    this.logging = false;
    return this;
  }

  /** picks `default.key.serde` / `default.value.serde` for the serdes the DSL left open */
  configure(config: Readonly<Record<string, unknown>>): void {
    this.keySerde ??= config['default.key.serde'] as Serde<unknown> | undefined;
    this.valueSerde ??= config['default.value.serde'] as Serde<unknown> | undefined;
    const configured = config['default.dsl.store'];
    if (this.storeType === undefined && (configured === 'in_memory' || configured === 'rocksdb')) this.storeType = configured;
  }

  build(): StateStore {
    const r = this.request;
    const { name } = r;
    const storeType = this.storeType ?? 'rocksdb';
    if (!this.keySerde || !this.valueSerde) {
      throw new TypeError(`store ${name}: no key/value serde given and no default serde configured`);
    }
    let builder: StoreBuilder<StateStore>;
    if (r.kind === 'keyValue' && r.versionedHistoryRetentionMs !== undefined) {
      const supplier =
        storeType === 'in_memory'
          ? Stores.inMemoryVersionedKeyValueStore(name, r.versionedHistoryRetentionMs)
          : Stores.persistentVersionedKeyValueStore(name, r.versionedHistoryRetentionMs);
      builder = Stores.versionedKeyValueStoreBuilder(supplier, this.keySerde, this.valueSerde) as unknown as StoreBuilder<StateStore>;
    } else if (r.kind === 'keyValue' && r.timestamped === false) {
      const supplier = storeType === 'in_memory' ? Stores.inMemoryKeyValueStore(name) : Stores.persistentKeyValueStore(name);
      builder = Stores.keyValueStoreBuilder(supplier, this.keySerde, this.valueSerde) as unknown as StoreBuilder<StateStore>;
    } else if (r.kind === 'keyValue') {
      const supplier = storeType === 'in_memory' ? Stores.inMemoryTimestampedKeyValueStore(name) : Stores.persistentTimestampedKeyValueStore(name);
      builder = Stores.timestampedKeyValueStoreBuilder(supplier, this.keySerde, this.valueSerde) as unknown as StoreBuilder<StateStore>;
    } else if (r.kind === 'window') {
      const options = { retentionPeriod: r.retentionMs, windowSize: r.windowSizeMs, retainDuplicates: r.retainDuplicates };
      const supplier = storeType === 'in_memory' ? Stores.inMemoryWindowStore(name, options) : Stores.persistentWindowStore(name, options);
      builder = Stores.windowStoreBuilder(supplier, this.keySerde, this.valueSerde) as unknown as StoreBuilder<StateStore>;
    } else if (r.kind === 'timestampedWindow' && !r.timeOrdered) {
      const options = { retentionPeriod: r.retentionMs, windowSize: r.windowSizeMs };
      const supplier = storeType === 'in_memory' ? Stores.inMemoryWindowStore(name, options) : Stores.persistentTimestampedWindowStore(name, options);
      builder = Stores.timestampedWindowStoreBuilder(supplier, this.keySerde, this.valueSerde) as unknown as StoreBuilder<StateStore>;
    } else if (r.kind === 'session' && !r.timeOrdered && !this.caching) {
      const supplier = storeType === 'in_memory' ? Stores.inMemorySessionStore(name, r.retentionMs) : Stores.persistentSessionStore(name, r.retentionMs);
      builder = Stores.sessionStoreBuilder(supplier, this.keySerde, this.valueSerde) as unknown as StoreBuilder<StateStore>;
    } else {
      // time-ordered stores (emit on window close) and cached session stores: the interim in-memory
      // stores (no changelog) until the state layer has them
      builder = interimWindowedStoreBuilder({ ...r, keySerde: this.keySerde });
    }
    if (this.caching) builder.withCachingEnabled();
    else builder.withCachingDisabled();
    if (this.logging) builder.withLoggingEnabled(this.topicConfig);
    else builder.withLoggingDisabled();
    return builder.build();
  }
}

/**
 * The built-in suppliers: LMDB-backed persistent stores (`rocksdb` type, Kafka's default) or in-memory
 * ones. What a `Materialized` left open comes from `defaults`, else from the application config
 * (`default.key.serde`, `default.value.serde`, `default.dsl.store` = `rocksdb` | `in_memory`).
 */
export function builtInDslStoreSuppliers(defaults: { keySerde?: Serde<unknown>; valueSerde?: Serde<unknown>; storeType?: DslStoreType } = {}): DslStoreSuppliers {
  return (request) => new DslStoreBuilder(request, defaults);
}

export const defaultDslStoreSuppliers: DslStoreSuppliers = builtInDslStoreSuppliers();
