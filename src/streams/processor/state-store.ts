import type { Headers } from './headers.js';
import type { TaskId } from './task-id.js';
import type { RecordCache } from '../../state/record-cache.js';

/**
 * Any state store (Kafka Streams' `StateStore`). Stores are layered: a typed, metered store wraps a
 * caching store, which wraps a changelogging store, which wraps a raw bytes store; each layer
 * implements this interface and forwards `init`/`flush`/`close` inward.
 */
export interface StateStore {
  readonly name: string;
  /** Called once when the task that owns the store starts; `root` is the outermost layer. */
  init(context: StateStoreContext, root: StateStore): void;
  flush(): void;
  close(): void;
  persistent(): boolean;
  isOpen(): boolean;
}

/** Writes records to a topic; the runtime binds it to a producer, the test driver captures it. */
export interface RecordCollector {
  send(record: {
    topic: string;
    key: Buffer | null;
    value: Buffer | null;
    timestamp: number;
    headers?: Headers;
    /** an explicit partition; absent means: use the default partitioner on the key bytes */
    partition?: number;
  }): void;
  /** number of partitions of a topic, for a sink's partitioner; undefined when unknown */
  partitionsFor?(topic: string): number | undefined;
  /** blocks until everything sent is acknowledged (called on commit); absent = nothing to wait for */
  flush?(): void;
}

/** Replays a changelog record into a store during restoration. */
export type StateRestoreCallback = (key: Buffer, value: Buffer | null, timestamp: number) => void;

/** A changelog record as a batch restore sees it (a consumer record fits). */
export interface ChangelogRecord {
  readonly key: Buffer | null;
  readonly value: Buffer | null;
  readonly timestamp: number;
}

/**
 * Replays `records[from..to)` into a store at once (Kafka Streams' `BatchingStateRestoreCallback`):
 * straight into the innermost store, in one write transaction for a persistent one. Records with a
 * null key are skipped.
 */
export type BatchRestoreCallback = (records: readonly ChangelogRecord[], from: number, to: number) => void;

/**
 * A changelog record read in place, as a consumer's fetched bytes hold it: key and value are the byte
 * ranges `data[keyStart, keyStart + keyLength)` and `data[valueStart, valueStart + valueLength)`, a
 * length of -1 meaning null. Valid only until the reader moves on; a store copies what it keeps.
 */
export interface ChangelogRecordView {
  readonly data: Buffer;
  readonly keyStart: number;
  readonly keyLength: number;
  readonly valueStart: number;
  readonly valueLength: number;
  readonly timestamp: number;
}

/** Changelog records taken one at a time, in place (no object per record); `next()` is null after the last. */
export interface ChangelogReader {
  next(): ChangelogRecordView | null;
}

/**
 * Replays every record a reader yields into a store at once, copying only the bytes the store keeps
 * (no key or value Buffer per record that views the consumer's fetch buffers). Null keys are skipped.
 */
export type ReaderRestoreCallback = (reader: ChangelogReader) => void;

/** Registration of a store with its task: the changelog it is restored from, if any. */
export interface StoreRegistration {
  store: StateStore;
  /** absent for stores with logging disabled */
  changelogTopic?: string;
  restore: StateRestoreCallback;
  /** restores a batch at once; absent: the restorer calls `restore` per record */
  restoreBatch?: BatchRestoreCallback;
  /** restores the records of a reader in place (preferred by the runtime's restorer over `restoreBatch`) */
  restoreFrom?: ReaderRestoreCallback;
}

/** What a store sees of its task when it is initialised (Kafka Streams' `StateStoreContext`). */
export interface StateStoreContext {
  readonly applicationId: string;
  readonly taskId: TaskId;
  /** the task's state directory; stores that persist create a sub-directory named after themselves */
  readonly stateDir: string;
  readonly appConfigs: Readonly<Record<string, unknown>>;
  /** the changelog topic name for a store: `<application.id>-<store>-changelog` */
  changelogFor(storeName: string): string;
  /** the partition of the changelog this task writes (the task's partition) */
  readonly changelogPartition: number;
  /** the collector that changelogging layers write through */
  readonly recordCollector: RecordCollector;
  /** timestamp of the record being processed (changelog records carry it) */
  currentRecordTimestamp(): number;
  currentStreamTimeMs(): number;
  register(registration: StoreRegistration): void;
  /**
   * The record cache of the stream thread that runs the task (Kafka Streams' `ThreadCache`), shared
   * by the caching layers of all its stores. Absent: each caching store makes a private cache sized
   * by `statestore.cache.max.bytes` from `appConfigs` (10 MiB by default).
   */
  readonly recordCache?: RecordCache;
  /** headers of the record being processed; the caching layer keeps them with a dirty entry */
  currentRecordHeaders?(): Headers | undefined;
}
