import type { Headers } from '../streams/processor/headers.js';
import type { ValueAndTimestamp } from './key-value-store.js';

/**
 * What a caching store forwards when its cache flushes (at commit, or when an entry is evicted):
 * the latest value of one key since the previous flush, and the value it replaces in the store
 * (only when the listener asked for old values, as Kafka's `sendOldValues`).
 */
export interface CacheFlushEvent<K, V> {
  readonly key: K;
  /** null: the key was deleted */
  readonly newValue: V | null;
  /** the value in the store before this flush; null if absent or if old values were not asked for */
  readonly oldValue: V | null;
  /** timestamp of the record that last wrote the key */
  readonly timestamp: number;
  readonly headers: Headers | undefined;
}

/**
 * Receives flushed cache entries (Kafka Streams' `CacheFlushListener`). The DSL's table and
 * aggregation processors register one and forward what it receives downstream, so that with
 * caching on only the latest value per key leaves the store at each commit.
 */
export type CacheFlushListener<K, V> = (event: CacheFlushEvent<K, V>) => void;

/** A listener on a timestamped store (Kafka's `TimestampedCacheFlushListener`). */
export type TimestampedCacheFlushListener<K, V> = CacheFlushListener<K, ValueAndTimestamp<V>>;

/** A store that may have a caching layer (Kafka's `CachedStateStore`). */
export interface CachedStateStore<K, V> {
  /**
   * Registers the listener of the caching layer. Returns false when the store has no caching
   * layer: the caller must then forward changes itself, as it writes them.
   */
  setFlushListener(listener: CacheFlushListener<K, V>, sendOldValues: boolean): boolean;
}
