import type { Serde } from '../streams/serdes/serde.js';
import type { KeyValueBytesStoreSupplier } from './internals/key-value-bytes-store.js';
import { RawKeyValueStore } from './internals/raw-key-value-store.js';
import { memoryTables } from './internals/memory-table.js';
import { lmdbTables } from './internals/lmdb-table.js';
import { KeyValueStoreBuilder, TimestampedKeyValueStoreBuilder } from './internals/key-value-store-builder.js';

function keyValueSupplier(name: string, persistent: boolean, timestamped: boolean): KeyValueBytesStoreSupplier {
  const backend = persistent ? lmdbTables : memoryTables;
  return {
    name,
    metricsScope: persistent ? 'lmdb' : 'in-memory',
    persistent,
    timestamped,
    get: () => new RawKeyValueStore(name, backend),
  };
}

/**
 * Factories of store suppliers and store builders (Kafka Streams' `Stores`). Persistent stores
 * keep their data with LMDB in `<stateDir>/<storeName>/`; in-memory ones rebuild from the changelog.
 */
export const Stores = {
  inMemoryKeyValueStore(name: string): KeyValueBytesStoreSupplier {
    return keyValueSupplier(name, false, false);
  },

  persistentKeyValueStore(name: string): KeyValueBytesStoreSupplier {
    return keyValueSupplier(name, true, false);
  },

  persistentTimestampedKeyValueStore(name: string): KeyValueBytesStoreSupplier {
    return keyValueSupplier(name, true, true);
  },

  /** an in-memory store for timestamped values (Kafka has none by that name; its in-memory store serves both) */
  inMemoryTimestampedKeyValueStore(name: string): KeyValueBytesStoreSupplier {
    return keyValueSupplier(name, false, true);
  },

  keyValueStoreBuilder<K, V>(supplier: KeyValueBytesStoreSupplier, keySerde: Serde<K>, valueSerde: Serde<V>): KeyValueStoreBuilder<K, V> {
    return new KeyValueStoreBuilder(supplier, keySerde, valueSerde);
  },

  timestampedKeyValueStoreBuilder<K, V>(
    supplier: KeyValueBytesStoreSupplier,
    keySerde: Serde<K>,
    valueSerde: Serde<V>,
  ): TimestampedKeyValueStoreBuilder<K, V> {
    return new TimestampedKeyValueStoreBuilder(supplier, keySerde, valueSerde);
  },
};
