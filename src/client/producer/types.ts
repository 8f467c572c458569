// Public types of the producer.

export type HeaderValue = Buffer | string | null;

/** Record headers: an ordered list (duplicates allowed) or a plain object. */
export type ProducerHeaders = ReadonlyArray<{ key: string; value: HeaderValue }> | Readonly<Record<string, HeaderValue>>;

export interface ProducerRecord {
  topic: string;
  key?: Buffer | string | null;
  value: Buffer | string | null;
  headers?: ProducerHeaders;
  /** Explicit partition; otherwise the partitioner chooses. */
  partition?: number;
  /** Create time in ms; default Date.now(). */
  timestamp?: number;
}

export interface RecordMetadata {
  topic: string;
  partition: number;
  /** Offset of the record in the partition; -1 when unknown (acks=0, duplicate resend). */
  offset: number;
  timestamp: number;
}

/** A record that the producer could not deliver, as it was (to be) written: bytes, not the caller's object. */
export interface FailedRecord {
  readonly topic: string;
  /** the partition it was sent to; -1 when the failure came before a partition was chosen */
  readonly partition: number;
  readonly key: Buffer | null;
  readonly value: Buffer | null;
  readonly timestamp: number;
  readonly headers: ReadonlyArray<{ readonly key: string; readonly value: Buffer | null }>;
}

/**
 * Called once, and only, when a record sent with `produce(record, onError)` finally fails: after the
 * producer's own retries of retriable errors (bounded by `deliveryTimeoutMs`), or at once for a
 * non-retriable one (e.g. MESSAGE_TOO_LARGE) — all records of a failed batch get it, each with its own
 * `record`. Nothing is called on success. An exception thrown by the callback is reported by the next
 * `flush()`.
 */
export type ProduceErrorCallback = (error: Error, record: FailedRecord) => void;

export interface PartitionerInput {
  topic: string;
  key: Buffer | null;
  value: Buffer | null;
  partitionCount: number;
}

/** Returns the partition for a record without an explicit one. */
export type Partitioner = (input: PartitionerInput) => number;

/** Offsets to commit, e.g. from `sendOffsetsToTransaction`: the *next* offset to consume, per partition. */
export interface TopicPartitionOffset {
  topic: string;
  partition: number;
  offset: number;
  metadata?: string | null;
  leaderEpoch?: number;
}

/** The consumer's group identity, from `consumer.groupMetadata()`. */
export interface ConsumerGroupMetadata {
  groupId: string;
  generationId: number;
  memberId: string;
  groupInstanceId: string | null;
}

export type CompressionType = 'none' | 'gzip' | 'snappy' | 'lz4' | 'zstd';
