// Public API of the state layer.
export { Stores } from './stores.js';
export type { KeyValue, KeyValueIterator } from './key-value.js';
export type {
  KeyValueStore,
  ReadOnlyKeyValueStore,
  TimestampedKeyValueStore,
  ReadOnlyTimestampedKeyValueStore,
  ValueAndTimestamp,
} from './key-value-store.js';
export type { StoreBuilder } from './store-builder.js';
export type { KeyValueBytesStoreSupplier, KeyValueBytesStore, ChangelogBinding } from './internals/key-value-bytes-store.js';
export type { CacheFlushEvent, CacheFlushListener, TimestampedCacheFlushListener, CachedStateStore } from './cache-flush-listener.js';
export {
  RecordCache,
  NamedCache,
  CACHE_MAX_BYTES_CONFIG,
  DEFAULT_CACHE_MAX_BYTES,
  CACHE_ENTRY_OVERHEAD_BYTES,
  type DirtyEntry,
  type DirtyEntryFlushListener,
  type RecordCacheStats,
} from './record-cache.js';
export { ValueAndTimestampSerde, valueAndTimestamp } from './value-and-timestamp-serde.js';
export { StoreMetrics, type StoreOperation, type StoreLatencyRecorder } from './store-metrics.js';
export { StateStoreError, type StateStoreErrorCode } from './errors.js';
export { MeteredKeyValueStore } from './internals/metered-key-value-store.js';
export { KeyValueStoreBuilder, TimestampedKeyValueStoreBuilder } from './internals/key-value-store-builder.js';
