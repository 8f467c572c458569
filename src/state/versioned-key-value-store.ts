import type { StateStore } from '../streams/processor/state-store.js';

/** A value with the time it became valid and, unless it is the latest, the time it stopped being valid. */
export interface VersionedRecord<V> {
  readonly value: V;
  readonly timestamp: number;
  /** exclusive end of validity: the timestamp of the next version; absent for the latest version */
  readonly validTo?: number;
}

/** `put` stored the latest version of the key (Kafka's `PUT_RETURN_CODE_VALID_TO_UNDEFINED`). */
export const PUT_RETURN_CODE_VALID_TO_UNDEFINED = -1;
/** `put` was ignored: its timestamp is older than the history retention (Kafka's `PUT_RETURN_CODE_NOT_PUT`). */
export const PUT_RETURN_CODE_NOT_PUT = Number.MIN_SAFE_INTEGER;

/** Read access to a versioned store (what interactive queries see). */
export interface ReadOnlyVersionedKeyValueStore<K, V> {
  /**
   * Without `asOfTimestamp`: the latest version, or null if absent or deleted. With it: the version
   * valid at that time (the one with the largest timestamp <= asOfTimestamp), or null if there is
   * none, it is a deletion, or the time is older than the history retention.
   */
  get(key: K, asOfTimestamp?: number): VersionedRecord<V> | null;
}

/** A versioned key-value store (Kafka Streams' `VersionedKeyValueStore`). */
export interface VersionedKeyValueStore<K, V> extends StateStore, ReadOnlyVersionedKeyValueStore<K, V> {
  /**
   * Adds a version of `key` valid from `timestamp` (null: a deletion from then on); a version with the
   * same timestamp is replaced. Returns the new version's validTo, PUT_RETURN_CODE_VALID_TO_UNDEFINED
   * if it is the latest, or PUT_RETURN_CODE_NOT_PUT if it is older than the history retention.
   */
  put(key: K, value: V | null, timestamp: number): number;
  /** puts a deletion at `timestamp`; returns the version that was valid at that time, or null */
  delete(key: K, timestamp: number): VersionedRecord<V> | null;
}
