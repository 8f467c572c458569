import type { StateStore } from '../streams/processor/state-store.js';
import type { KeyValueIterator } from './key-value.js';
import type { ValueAndTimestamp } from './key-value-store.js';
import type { WindowedKey } from './windowed.js';

/** Values of one key's windows; the iterator key is the window start (Kafka's `WindowStoreIterator`). */
export type WindowStoreIterator<V> = KeyValueIterator<number, V>;

/**
 * Read access to a window store (Kafka Streams' `ReadOnlyWindowStore`). Time bounds are inclusive
 * and refer to window start times. Windows older than the retention period are not returned.
 * Kafka's overloaded `fetch` is split into names: `fetch` (one window), `fetchWindows` (one key,
 * a time range), `fetchKeyRange` (a key range, a time range).
 */
export interface ReadOnlyWindowStore<K, V> {
  /** the value of the window of `key` that starts at `windowStart`, or null */
  fetch(key: K, windowStart: number): V | null;
  fetchWindows(key: K, timeFrom: number, timeTo: number): WindowStoreIterator<V>;
  backwardFetchWindows(key: K, timeFrom: number, timeTo: number): WindowStoreIterator<V>;
  /** null bounds are open */
  fetchKeyRange(keyFrom: K | null, keyTo: K | null, timeFrom: number, timeTo: number): KeyValueIterator<WindowedKey<K>, V>;
  backwardFetchKeyRange(keyFrom: K | null, keyTo: K | null, timeFrom: number, timeTo: number): KeyValueIterator<WindowedKey<K>, V>;
  fetchAll(timeFrom: number, timeTo: number): KeyValueIterator<WindowedKey<K>, V>;
  backwardFetchAll(timeFrom: number, timeTo: number): KeyValueIterator<WindowedKey<K>, V>;
  all(): KeyValueIterator<WindowedKey<K>, V>;
  backwardAll(): KeyValueIterator<WindowedKey<K>, V>;
}

/** A window store (Kafka Streams' `WindowStore`). */
export interface WindowStore<K, V> extends StateStore, ReadOnlyWindowStore<K, V> {
  /** stores the value of the window starting at `windowStart`; null deletes it (unless duplicates are retained) */
  put(key: K, value: V | null, windowStart: number): void;
}

export type TimestampedWindowStore<K, V> = WindowStore<K, ValueAndTimestamp<V>>;
export type ReadOnlyTimestampedWindowStore<K, V> = ReadOnlyWindowStore<K, ValueAndTimestamp<V>>;
