import type { Headers, Header } from '../processor/headers.js';
import type { RecordContext } from '../processor/record-context.js';
import type { ConsumedRecord } from '../processor/timestamp-extractor.js';
import type { RecordQueue } from './record-queue.js';

/**
 * An input record from its partition queue's head to the end of its processing: where it was read
 * (topic, partition, offset), its bytes as read (`data[start, start + length)` for key and value, a
 * null key or value has length -1: no buffer view is made for them), the deserialized record and
 * the timestamp it is processed at. It is also the record context of its processing (Kafka's
 * `ProcessorRecordContext`): one object per record for all of that.
 */
export class StampedRecord implements RecordContext {
  offset = -1;
  /** the timestamp stored in the record (the extracted one is `timestamp`) */
  recordTimestamp = -1;
  keyData: Buffer | null = null;
  keyStart = 0;
  keyLength = -1;
  valueData: Buffer | null = null;
  valueStart = 0;
  valueLength = -1;
  /** the headers as read (the record's `Headers` are made from them when it is deserialized) */
  rawHeaders: Headers | readonly Header[] = NO_HEADERS;
  /** the deserialized record, set by the queue before anybody else sees this */
  record!: ConsumedRecord;
  /** the timestamp it is processed at (from the timestamp extractor) */
  timestamp = -1;

  constructor(
    /** the partition queue it came from */
    readonly queue: RecordQueue,
    readonly topic: string,
    readonly partition: number,
  ) {}

  get headers(): Headers {
    return this.record.headers;
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
      timestamp: this.recordTimestamp,
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
