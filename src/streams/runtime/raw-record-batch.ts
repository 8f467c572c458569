import type { FetchedRecords } from '../../client/index.js';
import type { RawRecord } from './raw-record.js';
import type { StampedRecord } from './stamped-record.js';

/**
 * Records of one input partition not read yet, taken one at a time into a `StampedRecord`: a consumer's
 * lazily decoded fetch (`FetchedBatch`), or records in memory (`RawRecordArray`). `remaining` is
 * exact: a queue's size is the sum of its batches' `remaining`.
 */
export interface RawRecordBatch {
  readonly remaining: number;
  /** fills `into` with the next record's position, timestamp, bytes and headers; false when none is left */
  take(into: StampedRecord): boolean;
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

  take(into: StampedRecord): boolean {
    const r = this.fetched.nextView();
    if (r === null) return false;
    into.offset = r.offset;
    into.recordTimestamp = r.timestamp;
    into.keyData = r.data;
    into.keyStart = r.keyStart;
    into.keyLength = r.keyLength;
    into.valueData = r.data;
    into.valueStart = r.valueStart;
    into.valueLength = r.valueLength;
    if (r.headerCount !== 0) into.rawHeaders = r.headers;
    return true;
  }
}

/** Records already in memory (tests, the test driver). */
export class RawRecordArray implements RawRecordBatch {
  private index = 0;
  constructor(private readonly records: readonly RawRecord[]) {}

  get remaining(): number {
    return this.records.length - this.index;
  }

  take(into: StampedRecord): boolean {
    if (this.index >= this.records.length) return false;
    const r = this.records[this.index++]!;
    into.offset = r.offset;
    into.recordTimestamp = r.timestamp;
    into.keyData = r.key;
    into.keyStart = 0;
    into.keyLength = r.key === null ? -1 : r.key.length;
    into.valueData = r.value;
    into.valueStart = 0;
    into.valueLength = r.value === null ? -1 : r.value.length;
    into.rawHeaders = r.headers;
    return true;
  }
}
