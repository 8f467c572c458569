import type { FetchedRecords } from '../../client/index.js';
import type { RawRecord } from './raw-record.js';
import type { RecordQueue } from './record-queue.js';
import { StampedRecord } from './stamped-record.js';

/**
 * Records of one input partition not read yet, taken one at a time into a `StampedRecord`: a consumer's
 * lazily decoded fetch (`FetchedBatch`), or records in memory (`RawRecordArray`). `remaining` is
 * exact: a queue's size is the sum of its batches' `remaining`.
 */
export interface RawRecordBatch {
  readonly remaining: number;
  /** the next record (its position, timestamp, bytes and headers) for `queue`; null when none is left */
  take(queue: RecordQueue): StampedRecord | null;
}

export function isRecordBatch(records: Iterable<RawRecord> | RawRecordBatch): records is RawRecordBatch {
  return 'remaining' in records && typeof (records as RawRecordBatch).take === 'function';
}

/** A fetch response's records of one partition, decoded as they are taken (no view over key or value). */
export class FetchedBatch implements RawRecordBatch {
  constructor(private readonly fetched: FetchedRecords) {}

  get remaining(): number {
    return this.fetched.remaining;
  }

  take(queue: RecordQueue): StampedRecord | null {
    const r = this.fetched.nextView();
    if (r === null) return null;
    const into = new StampedRecord(queue, this.fetched.topic, this.fetched.partition);
    into.offset = r.offset;
    into.timestamp = r.timestamp;
    into.keyData = r.data;
    into.keyStart = r.keyStart;
    into.keyLength = r.keyLength;
    into.valueData = r.data;
    into.valueStart = r.valueStart;
    into.valueLength = r.valueLength;
    if (r.headerCount !== 0) into.rawHeaders = r.headers;
    return into;
  }
}

/** Records already in memory (tests, the test driver). */
export class RawRecordArray implements RawRecordBatch {
  private index = 0;
  constructor(private readonly records: readonly RawRecord[]) {}

  get remaining(): number {
    return this.records.length - this.index;
  }

  take(queue: RecordQueue): StampedRecord | null {
    if (this.index >= this.records.length) return null;
    const r = this.records[this.index++]!;
    const into = new StampedRecord(queue, r.topic, r.partition);
    into.offset = r.offset;
    into.timestamp = r.timestamp;
    into.keyData = r.key;
    into.keyStart = 0;
    into.keyLength = r.key === null ? -1 : r.key.length;
    into.valueData = r.value;
    into.valueStart = 0;
    into.valueLength = r.value === null ? -1 : r.value.length;
    into.rawHeaders = r.headers;
    return into;
  }
}
