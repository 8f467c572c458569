// The storage contract of one partition, kept by memory-log.ts and disk-log.ts alike. Offsets and
// timestamps are plain numbers (safe integers): cheaper than bigint on the hot path, and 2^53 is far away.
import type { BatchInfo } from './batch-header.js';

export interface AppendedBatch {
  readonly baseOffset: number;
  readonly lastOffset: number;
  readonly maxTimestamp: number;
}

export interface ReadResult {
  /** Whole batches, in order, as stored (zero-copy views in memory, one read from the file on disk). */
  readonly chunks: readonly Buffer[];
  readonly bytes: number;
}

export interface TimestampHit {
  readonly offset: number;
  readonly timestamp: number;
}

export interface PartitionLog {
  /** First offset still readable (raised by DeleteRecords and retention). */
  readonly logStartOffset: number;
  /** Offset the next appended record gets. */
  readonly logEndOffset: number;
  /** Bytes currently held. */
  readonly sizeInBytes: number;
  /**
   * Appends one whole, validated batch: rewrites its baseOffset (and leader epoch) in place and stores
   * it. Returns once the bytes are in the log (and synced when the fsync policy says so). `inKeptFrame`:
   * the batch is a view into a request frame that is mostly batches being appended, so an in-memory log
   * may keep the view (otherwise it copies a batch that is a small part of its frame, not to pin the rest).
   */
  append(batch: Buffer, leaderEpoch: number, inKeptFrame?: boolean): AppendedBatch;
  /**
   * Whole batches containing offsets >= `offset`, up to `maxBytes` in total; when `minOneBatch`, the
   * first batch is returned even if it is larger. Empty when `offset` >= logEndOffset.
   */
  read(offset: number, maxBytes: number, minOneBatch: boolean): ReadResult;
  /** The first batch whose max timestamp is >= `timestamp` (its first record with such a timestamp). */
  offsetForTimestamp(timestamp: number): TimestampHit | undefined;
  /** The batch holding the largest timestamp (its last offset), if any. */
  maxTimestamp(): TimestampHit | undefined;
  /** Headers of all stored batches from the start (for rebuilding producer state). */
  forEachBatch(visit: (info: BatchInfo) => void): void;
  /** Makes `offset` the new log start offset; whole segments below it are removed. */
  deleteRecordsBefore(offset: number): void;
  /**
   * Log cleaner: the largest offset <= `upTo` that the cleaner may rewrite below: a segment boundary
   * on disk (never inside the active segment), `upTo` itself (capped at the end) in memory.
   */
  cleanableEndOffset(upTo: number): number;
  /**
   * Log cleaner: replaces everything stored below `endOffset` (a value from cleanableEndOffset) with
   * `batches`: whole batches in offset order, their original offsets kept (gaps allowed).
   */
  replaceBefore(endOffset: number, batches: readonly Buffer[]): void;
  /** Removes everything (keeps the log usable, used by truncation on delete). */
  flush(): void;
  close(): void;
  /** Closes and removes all files. */
  destroy(): void;
}

export type FsyncPolicy =
  /** fsync after every append, before the producer is answered. */
  | { readonly kind: 'always' }
  /** fsync dirty segments every `intervalMs` (default 1000). */
  | { readonly kind: 'interval'; readonly intervalMs: number }
  /** Leave it to the OS. */
  | { readonly kind: 'never' };

/** Per-log settings taken from topic configs. */
export interface LogSettings {
  /** segment.bytes */
  readonly segmentBytes: number;
  /** segment.ms */
  readonly segmentMs: number;
  /** index.interval.bytes */
  readonly indexIntervalBytes: number;
}

export const defaultLogSettings: LogSettings = {
  segmentBytes: 1073741824,
  segmentMs: 604800000,
  indexIntervalBytes: 4096,
};
