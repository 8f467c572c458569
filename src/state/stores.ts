import type { Serde } from '../streams/serdes/serde.js';
import type { KeyValueBytesStoreSupplier } from './internals/key-value-bytes-store.js';
import { RawKeyValueStore } from './internals/raw-key-value-store.js';
import { memoryTables } from './internals/memory-table.js';
import { lmdbTables } from './internals/lmdb-table.js';
import { KeyValueStoreBuilder, TimestampedKeyValueStoreBuilder } from './internals/key-value-store-builder.js';
import type { WindowBytesStoreSupplier } from './internals/window-bytes-store.js';
import { RawWindowStore } from './internals/raw-window-store.js';
import { defaultSegmentInterval } from './internals/segments.js';
import { TimestampedWindowStoreBuilder, WindowStoreBuilder } from './internals/window-store-builder.js';
import { StateStoreError } from './errors.js';
import type { SessionBytesStoreSupplier } from './internals/session-bytes-store.js';
import { RawSessionStore } from './internals/raw-session-store.js';
import { SessionStoreBuilder } from './internals/session-store-builder.js';
import { RawVersionedStore } from './internals/raw-versioned-store.js';
import { VersionedKeyValueStoreBuilder, type VersionedBytesStoreSupplier } from './internals/versioned-store-builder.js';

function versionedSupplier(name: string, historyRetention: number, persistent: boolean): VersionedBytesStoreSupplier {
  checkDuration(name, 'historyRetention', historyRetention);
  const backend = persistent ? lmdbTables : memoryTables;
  return {
    name,
    metricsScope: persistent ? 'lmdb-versioned' : 'in-memory-versioned',
    persistent,
    historyRetention,
    get: () => new RawVersionedStore(name, backend, historyRetention),
  };
}

function sessionSupplier(name: string, retentionPeriod: number, persistent: boolean): SessionBytesStoreSupplier {
  checkDuration(name, 'retentionPeriod', retentionPeriod);
  const segmentInterval = defaultSegmentInterval(retentionPeriod);
  const backend = persistent ? lmdbTables : memoryTables;
  return {
    name,
    metricsScope: persistent ? 'lmdb-session' : 'in-memory-session',
    persistent,
    retentionPeriod,
    segmentInterval,
    get: () => new RawSessionStore(name, backend, retentionPeriod, segmentInterval),
  };
}

/** Options of a window store (Kafka's `Stores.persistentWindowStore` arguments). */
export interface WindowStoreOptions {
  /** how long windows are kept, measured on stream time (ms); at least `windowSize` */
  retentionPeriod: number;
  windowSize: number;
  /** keep every value put for a window (stream-stream joins), instead of the latest */
  retainDuplicates?: boolean;
  /** time span of one segment; default max(retentionPeriod / 2, 60 s) as Kafka Streams */
  segmentInterval?: number;
}

function checkDuration(name: string, what: string, v: number): void {
  if (!Number.isSafeInteger(v) || v < 0) throw new StateStoreError('INVALID_ARGUMENT', `${name}: ${what} must be a non-negative integer (ms), got ${v}`);
}

function windowSupplier(name: string, options: WindowStoreOptions, persistent: boolean, timestamped: boolean): WindowBytesStoreSupplier {
  const { retentionPeriod, windowSize, retainDuplicates = false } = options;
  checkDuration(name, 'retentionPeriod', retentionPeriod);
  checkDuration(name, 'windowSize', windowSize);
  if (windowSize > retentionPeriod) {
    throw new StateStoreError('INVALID_ARGUMENT', `${name}: the retention period of a window store must be no smaller than its window size`);
  }
  const segmentInterval = options.segmentInterval ?? defaultSegmentInterval(retentionPeriod);
  if (segmentInterval < 1) throw new StateStoreError('INVALID_ARGUMENT', `${name}: segmentInterval must be at least 1 ms`);
  const backend = persistent ? lmdbTables : memoryTables;
  return {
    name,
    metricsScope: persistent ? 'lmdb-window' : 'in-memory-window',
    persistent,
    timestamped,
    retentionPeriod,
    windowSize,
    segmentInterval,
    retainDuplicates,
    get: () => new RawWindowStore(name, backend, retentionPeriod, segmentInterval, retainDuplicates),
  };
}

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

  inMemoryWindowStore(name: string, options: WindowStoreOptions): WindowBytesStoreSupplier {
    return windowSupplier(name, options, false, false);
  },

  persistentWindowStore(name: string, options: WindowStoreOptions): WindowBytesStoreSupplier {
    return windowSupplier(name, options, true, false);
  },

  persistentTimestampedWindowStore(name: string, options: WindowStoreOptions): WindowBytesStoreSupplier {
    return windowSupplier(name, options, true, true);
  },

  windowStoreBuilder<K, V>(supplier: WindowBytesStoreSupplier, keySerde: Serde<K>, valueSerde: Serde<V>): WindowStoreBuilder<K, V> {
    return new WindowStoreBuilder(supplier, keySerde, valueSerde);
  },

  timestampedWindowStoreBuilder<K, V>(supplier: WindowBytesStoreSupplier, keySerde: Serde<K>, valueSerde: Serde<V>): TimestampedWindowStoreBuilder<K, V> {
    return new TimestampedWindowStoreBuilder(supplier, keySerde, valueSerde);
  },

  /** retentionPeriod: how long sessions are kept after they end (stream time), at least the inactivity gap + grace */
  inMemorySessionStore(name: string, retentionPeriod: number): SessionBytesStoreSupplier {
    return sessionSupplier(name, retentionPeriod, false);
  },

  persistentSessionStore(name: string, retentionPeriod: number): SessionBytesStoreSupplier {
    return sessionSupplier(name, retentionPeriod, true);
  },

  sessionStoreBuilder<K, AGG>(supplier: SessionBytesStoreSupplier, keySerde: Serde<K>, valueSerde: Serde<AGG>): SessionStoreBuilder<K, AGG> {
    return new SessionStoreBuilder(supplier, keySerde, valueSerde);
  },

  /** historyRetention: how far back (stream time, ms) versions stay queryable */
  persistentVersionedKeyValueStore(name: string, historyRetention: number): VersionedBytesStoreSupplier {
    return versionedSupplier(name, historyRetention, true);
  },

  /** an in-memory versioned store (Kafka has only the persistent one; this one rebuilds from the changelog) */
  inMemoryVersionedKeyValueStore(name: string, historyRetention: number): VersionedBytesStoreSupplier {
    return versionedSupplier(name, historyRetention, false);
  },

  versionedKeyValueStoreBuilder<K, V>(supplier: VersionedBytesStoreSupplier, keySerde: Serde<K>, valueSerde: Serde<V>): VersionedKeyValueStoreBuilder<K, V> {
    return new VersionedKeyValueStoreBuilder(supplier, keySerde, valueSerde);
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
