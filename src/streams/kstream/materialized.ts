import type { Serde } from '../serdes/serde.js';

/** Which backend a DSL store uses. */
export type DslStoreType = 'rocksdb' | 'in_memory';

/**
 * How a DSL table or aggregation keeps its state (Kafka Streams' `Materialized`). A store name makes
 * the store queryable and fixes its changelog topic name; without one, a name is generated.
 */
export interface Materialized<K, V> {
  storeName?: string;
  keySerde?: Serde<K>;
  valueSerde?: Serde<V>;
  /** default true: the record cache (`statestore.cache.max.bytes`) sits in front of the store */
  cachingEnabled?: boolean;
  /** default true: the store is backed by a changelog topic */
  loggingEnabled?: boolean;
  logConfig?: Readonly<Record<string, string>>;
  /** default: the persistent store */
  storeType?: DslStoreType;
  /** for window and session stores (later issue) */
  retentionMs?: number;
}

export const Materialized = {
  as<K, V>(storeName: string): Materialized<K, V> {
    return { storeName };
  },
  with<K, V>(keySerde?: Serde<K>, valueSerde?: Serde<V>): Materialized<K, V> {
    return { keySerde, valueSerde };
  },
  /** a store of the given type with a generated name */
  withStoreType<K, V>(storeType: DslStoreType): Materialized<K, V> {
    return { storeType };
  },
};
