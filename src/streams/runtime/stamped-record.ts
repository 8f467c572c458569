import type { Headers, Header } from '../processor/headers.js';
import type { RecordContext } from '../processor/record-context.js';
import type { ConsumedRecord } from '../processor/timestamp-extractor.js';
import type { RecordQueue } from './record-queue.js';

/**
 * An input record from its partition queue's head to the end of its processing: where it was read
 * (topic, partition, offset), its bytes as read (`data[start, start + length)` for key and value; a
 * null key or value has length -1; no buffer view is made for them), the deserialized key, value and
 * headers (what a timestamp extractor sees: it is the `ConsumedRecord`), and the time it is processed
 * at. When that time is the record's own timestamp (the default extractors), it is also the record
 * context of its processing (Kafka's `ProcessorRecordContext`): one object per record for all of that.
 */
export class StampedRecord implements ConsumedRecord, RecordContext {
  offset = -1;
  /** the timestamp stored in the record (create or log-append time) */
  timestamp = -1;
  keyData: Buffer | null = null;
  keyStart = 0;
  keyLength = -1;
  valueData: Buffer | null = null;
  valueStart = 0;
  valueLength = -1;
  /** the headers as read (`headers` is made from them when the record is deserialized) */
  rawHeaders: Headers | readonly Header[] = NO_HEADERS;
  /** deserialized key, value and headers, set by the queue before anybody else sees this record */
  key: unknown = null;
  value: unknown = null;
  headers!: Headers;
  /** the time it is processed at (from the timestamp extractor) */
  time = -1;
  /** the record context of its processing: this record, or one with `time` as its timestamp */
  context: RecordContext = this;

  constructor(
    /** the partition queue it came from */
    readonly queue: RecordQueue,
    readonly topic: string,
    readonly partition: number,
  ) {}

  /** sets the time it is processed at */
  stamp(time: number): void {
    this.time = time;
    this.context =
      time === this.timestamp ? this : { timestamp: time, topic: this.topic, partition: this.partition, offset: this.offset, headers: this.headers };
  }

  /** the key bytes (a view over the fetched data) */
  rawKey(): Buffer | null {
    return slice(this.keyData, this.keyStart, this.keyLength);
  }

  /** the value bytes (a view over the fetched data) */
  rawValue(): Buffer | null {
    return slice(this.valueData, this.valueStart, this.valueLength);
  }

  /** the record as read, with `headers` (for a dead-letter copy or an error handler) */
  raw(headers: Headers): ConsumedRecord<Buffer, Buffer> {
    return {
      topic: this.topic,
      partition: this.partition,
      offset: this.offset,
      timestamp: this.timestamp,
      key: this.rawKey(),
      value: this.rawValue(),
      headers,
    };
  }
}

const NO_HEADERS: readonly Header[] = Object.freeze([]);

function slice(data: Buffer | null, start: number, length: number): Buffer | null {
  if (data === null || length < 0) return null;
  return start === 0 && length === data.length ? data : data.subarray(start, start + length);
}
