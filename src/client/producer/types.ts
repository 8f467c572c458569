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
