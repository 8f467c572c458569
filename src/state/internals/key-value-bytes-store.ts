import type { ChangelogReader, ChangelogRecord, StateRestoreCallback } from '../../streams/processor/state-store.js';
import type { KeyValue, KeyValueIterator } from '../key-value.js';
import type { KeyValueStore } from '../key-value-store.js';
import type { BytesRange, StoredValueForm } from './bytes-table.js';

/** The value a store holds for a changelog record (timestamped stores put the timestamp in front). */
export type StoredValueOf = (record: ChangelogRecord) => Buffer | null;

/** Replays `records[from..to)` (null keys skipped), each stored as `valueOf` says. */
export type BatchRestore = (records: readonly ChangelogRecord[], from: number, to: number, valueOf: StoredValueOf) => void;

/** the stored value of a plain store: the changelog record's value */
export const plainValueOf: StoredValueOf = (r) => r.value;

/** How a store's changelog is bound: the topic (absent when logging is off) and how to replay it. */
export interface ChangelogBinding {
  changelogTopic?: string;
  restore: StateRestoreCallback;
  /** replays many records at once, straight into the innermost store (absent: per record) */
  restoreBatch?: BatchRestore;
  /** replays a reader's records in place, straight into the innermost store, each value kept in `form` */
  restoreFrom?: (reader: ChangelogReader, form: StoredValueForm) => void;
}

/**
 * The inner layers of a key-value store work on bytes (Kafka's `KeyValueStore<Bytes, byte[]>`).
 * Writes take an optional record timestamp: the caching layer passes the timestamp of the record
 * that wrote a cached entry when it flushes it, so the changelog record carries it.
 */
export interface KeyValueBytesStore extends KeyValueStore<Buffer, Buffer> {
  put(key: Buffer, value: Buffer | null, timestamp?: number): void;
  putIfAbsent(key: Buffer, value: Buffer | null, timestamp?: number): Buffer | null;
  putAll(entries: readonly KeyValue<Buffer, Buffer | null>[], timestamp?: number): void;
  delete(key: Buffer, timestamp?: number): Buffer | null;
  /** a scan with explicit bounds (exclusive upper bound for prefix scans) */
  scan(range: BytesRange): KeyValueIterator<Buffer, Buffer>;
  changelogBinding(): ChangelogBinding;
}

/** Creates the raw bytes store of a key-value store (Kafka's `KeyValueBytesStoreSupplier`). */
export interface KeyValueBytesStoreSupplier {
  readonly name: string;
  /** 'in-memory' | 'lmdb', used as the metrics scope */
  readonly metricsScope: string;
  readonly persistent: boolean;
  /** whether the store was asked for as timestamped (values carry a timestamp) */
  readonly timestamped: boolean;
  get(): KeyValueBytesStore;
}
