import type { StateStore } from '../streams/processor/state-store.js';
import type { KeyValue, KeyValueIterator } from './key-value.js';
import type { Serializer } from '../streams/serdes/serde.js';

/** Read access to a key-value store (what interactive queries and `getStateStore` readers see). */
export interface ReadOnlyKeyValueStore<K, V> {
  get(key: K): V | null;
  /** entries with from <= key <= to in key order; a missing bound is open */
  range(from: K | null, to: K | null): KeyValueIterator<K, V>;
  reverseRange(from: K | null, to: K | null): KeyValueIterator<K, V>;
  all(): KeyValueIterator<K, V>;
  reverseAll(): KeyValueIterator<K, V>;
  /** entries whose serialized key starts with the serialized prefix */
  prefixScan<P>(prefix: P, prefixKeySerializer: Serializer<P>): KeyValueIterator<K, V>;
  approximateNumEntries(): number;
}

/** A key-value store (Kafka Streams' `KeyValueStore`). `null` values are not stored: put(k, null) deletes. */
export interface KeyValueStore<K, V> extends StateStore, ReadOnlyKeyValueStore<K, V> {
  put(key: K, value: V | null): void;
  /** puts only if the key is absent; returns the previous value (null if it was absent) */
  putIfAbsent(key: K, value: V | null): V | null;
  putAll(entries: readonly KeyValue<K, V | null>[]): void;
  /** deletes the key; returns the old value or null */
  delete(key: K): V | null;
}

/** A value with the timestamp of the record that wrote it (Kafka Streams' `ValueAndTimestamp`). */
export interface ValueAndTimestamp<V> {
  readonly value: V;
  readonly timestamp: number;
}

/** A key-value store whose values carry timestamps; DSL tables and aggregations use these. */
export type TimestampedKeyValueStore<K, V> = KeyValueStore<K, ValueAndTimestamp<V>>;
export type ReadOnlyTimestampedKeyValueStore<K, V> = ReadOnlyKeyValueStore<K, ValueAndTimestamp<V>>;
