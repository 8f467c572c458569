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
export type { WindowStoreOptions } from './stores.js';
export type { WindowBounds, WindowedKey, WindowedKeyFactory } from './windowed.js';
export { plainWindowedKey } from './windowed.js';
export type { WindowStore, ReadOnlyWindowStore, TimestampedWindowStore, ReadOnlyTimestampedWindowStore, WindowStoreIterator } from './window-store.js';
export type { SessionStore, ReadOnlySessionStore } from './session-store.js';
export {
  PUT_RETURN_CODE_NOT_PUT,
  PUT_RETURN_CODE_VALID_TO_UNDEFINED,
  type VersionedRecord,
  type VersionedKeyValueStore,
  type ReadOnlyVersionedKeyValueStore,
} from './versioned-key-value-store.js';
export type { WindowBytesStoreSupplier } from './internals/window-bytes-store.js';
export type { SessionBytesStoreSupplier } from './internals/session-bytes-store.js';
export type { VersionedBytesStoreSupplier } from './internals/versioned-store-builder.js';
export { MeteredWindowStore } from './internals/metered-window-store.js';
export { MeteredSessionStore } from './internals/metered-session-store.js';
export { MeteredVersionedKeyValueStore } from './internals/versioned-store-layers.js';
export { WindowStoreBuilder, TimestampedWindowStoreBuilder } from './internals/window-store-builder.js';
export { SessionStoreBuilder } from './internals/session-store-builder.js';
export { VersionedKeyValueStoreBuilder } from './internals/versioned-store-builder.js';
export {
  readOnlyKeyValueStore,
  plainValueKeyValueStore,
  readOnlyWindowStore,
  plainValueWindowStore,
  readOnlySessionStore,
  readOnlyVersionedKeyValueStore,
} from './read-only-views.js';
