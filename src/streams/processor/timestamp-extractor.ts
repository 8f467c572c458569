import type { Headers } from './headers.js';
import { StreamsError } from '../errors/streams-error.js';

/** A record as read from a topic, already deserialized (what a `TimestampExtractor` sees). */
export interface ConsumedRecord<K = unknown, V = unknown> {
  readonly topic: string;
  readonly partition: number;
  readonly offset: number;
  /** the timestamp stored in the record (create time or log-append time); -1 when absent */
  readonly timestamp: number;
  readonly key: K | null;
  readonly value: V | null;
  readonly headers: Headers;
}

/**
 * Picks the timestamp a record is processed with (Kafka Streams' `TimestampExtractor`).
 * `partitionTime` is the largest timestamp seen so far on the record's partition, or -1.
 * A negative result drops the record (it is logged and counted as skipped).
 */
export type TimestampExtractor = (record: ConsumedRecord, partitionTime: number) => number;

/** The default: the record's own timestamp; a negative one stops processing with an error. */
export const FailOnInvalidTimestamp: TimestampExtractor = (record) => {
  if (record.timestamp < 0) {
    throw new StreamsError(
      `Input record ${record.topic}-${record.partition}@${record.offset} has invalid (negative) timestamp ` +
        `${record.timestamp}. Use a different TimestampExtractor to process this data.`,
      { code: 'INVALID_TIMESTAMP' },
    );
  }
  return record.timestamp;
};

/** The record's own timestamp; records with a negative one are skipped. */
export const LogAndSkipOnInvalidTimestamp: TimestampExtractor = (record) => record.timestamp;

/** The record's own timestamp, or the partition time when it is negative (skipped if that is unknown too). */
export const UsePartitionTimeOnInvalidTimestamp: TimestampExtractor = (record, partitionTime) => {
  if (record.timestamp >= 0) return record.timestamp;
  if (partitionTime < 0) {
    throw new StreamsError(
      `Could not infer new timestamp for input record ${record.topic}-${record.partition}@${record.offset} ` +
        'because partition time is unknown.',
      { code: 'INVALID_TIMESTAMP' },
    );
  }
  return partitionTime;
};

/** Processing time: the wall clock of the machine at the moment the record is read. */
export const WallclockTimestampExtractor: TimestampExtractor = () => Date.now();
