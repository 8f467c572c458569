/** A key and its value, as store iterators return them. */
export interface KeyValue<K, V> {
  readonly key: K;
  readonly value: V;
}

/**
 * An iterator over a store's entries, in key order (byte order of the serialized keys, as in Kafka
 * Streams). It reads a consistent snapshot; `close()` releases it (also called by `for..of` when the
 * loop ends early).
 */
export interface KeyValueIterator<K, V> extends IterableIterator<KeyValue<K, V>> {
  close(): void;
  /** the key of the next entry without consuming it, or undefined at the end */
  peekNextKey(): K | undefined;
}
