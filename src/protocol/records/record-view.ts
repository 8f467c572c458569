// One record inside a batch, decoded in place. The decoder reuses one RecordView while iterating, so a
// view is only valid until the next record is read; `toRecord()` makes a standalone copy of the fields
// (key, value and header values stay zero-copy slices of the batch data).

import { readVarint, readVarlong, VarintError, type VarintCursor } from '../varint.js';
import { RecordBatchError } from './errors.js';
import type { RecordHeader } from './types.js';

/** A decoded record as a standalone object. */
export interface DecodedRecord {
  /** Absolute offset: batch baseOffset + offsetDelta. */
  offset: number;
  /**
   * Record timestamp: batch baseTimestamp + timestampDelta for CreateTime batches; for LogAppendTime batches
   * the broker's append time (the batch maxTimestamp), as Kafka clients report it.
   */
  timestamp: number;
  offsetDelta: number;
  timestampDelta: number;
  attributes: number;
  key: Buffer | null;
  value: Buffer | null;
  headers: RecordHeader[];
}

const EMPTY = Buffer.alloc(0);

export class RecordView {
  offset = 0;
  timestamp = 0;
  offsetDelta = 0;
  timestampDelta = 0;
  attributes = 0;
  /** Bytes this record takes, its length prefix included. */
  sizeInBytes = 0;

  /**
   * Allocation-free access for hot paths (a serde reading straight from the bytes, a log cleaner comparing
   * keys): the key is `data[keyStart, keyStart + keyLength)`, the value likewise; a length of -1 means null.
   * `data` is the batch buffer, or its decompressed records region. Treat these as read-only.
   */
  data: Buffer = EMPTY;
  keyStart = 0;
  keyLength = -1;
  valueStart = 0;
  valueLength = -1;
  private headersStart = 0;
  private headersEnd = 0;
  /** Number of headers. */
  headerCount = 0;

  /** Record key, a zero-copy slice of the batch data (a new slice object per access). */
  get key(): Buffer | null {
    return this.keyLength < 0 ? null : this.data.subarray(this.keyStart, this.keyStart + this.keyLength);
  }

  /** Record value, a zero-copy slice of the batch data (a new slice object per access). */
  get value(): Buffer | null {
    return this.valueLength < 0 ? null : this.data.subarray(this.valueStart, this.valueStart + this.valueLength);
  }

  /** Decodes the headers (keys as strings, values as zero-copy slices). */
  get headers(): RecordHeader[] {
    if (this.headerCount === 0) return [];
    try {
      return readHeaders(this.data, this.headersStart, this.headersEnd, this.headerCount);
    } catch (err) {
      throw asCorrupt(err);
    }
  }

  /** Walks the headers without building them; throws CORRUPT_RECORD if they do not fill the record exactly. */
  checkHeaders(): void {
    if (this.headerCount === 0) return;
    try {
      skipHeaders(this.data, this.headersStart, this.headersEnd, this.headerCount);
    } catch (err) {
      throw asCorrupt(err);
    }
  }

  toRecord(): DecodedRecord {
    return {
      offset: this.offset,
      timestamp: this.timestamp,
      offsetDelta: this.offsetDelta,
      timestampDelta: this.timestampDelta,
      attributes: this.attributes,
      key: this.key,
      value: this.value,
      headers: this.headers,
    };
  }

  /**
   * Parses the record starting at `pos` in `data[.., end)` into this view; returns where the next record
   * starts. Headers are located but not decoded (see `headers`).
   */
  read(
    data: Buffer,
    pos: number,
    end: number,
    baseOffset: number,
    baseTimestamp: number,
    logAppendTime: number | undefined,
  ): number {
    const c = cursor;
    c.offset = pos;
    const bodySize = readVarint(data, c);
    const bodyStart = c.offset;
    const recordEnd = bodyStart + bodySize;
    if (bodySize < 6 || recordEnd > end) throw corrupt(`record at ${pos} has invalid length ${bodySize}`);
    this.data = data;
    this.sizeInBytes = recordEnd - pos;
    this.attributes = data[bodyStart]!;
    c.offset = bodyStart + 1;
    const timestampDelta = readVarlong(data, c);
    const offsetDelta = readVarint(data, c);
    this.timestampDelta = timestampDelta;
    this.offsetDelta = offsetDelta;
    this.timestamp = logAppendTime ?? baseTimestamp + timestampDelta;
    this.offset = baseOffset + offsetDelta;
    const keyLength = readVarint(data, c);
    this.keyStart = c.offset;
    this.keyLength = keyLength;
    if (keyLength >= 0) c.offset += keyLength;
    else if (keyLength !== -1) throw corrupt(`record at ${pos} has invalid key length ${keyLength}`);
    const valueLength = readVarint(data, c);
    this.valueStart = c.offset;
    this.valueLength = valueLength;
    if (valueLength >= 0) c.offset += valueLength;
    else if (valueLength !== -1) throw corrupt(`record at ${pos} has invalid value length ${valueLength}`);
    if (c.offset >= recordEnd) throw corrupt(`record at ${pos} is shorter than its fields`);
    const headerCount = readVarint(data, c);
    if (headerCount < 0) throw corrupt(`record at ${pos} has invalid header count ${headerCount}`);
    this.headerCount = headerCount;
    this.headersStart = c.offset;
    this.headersEnd = recordEnd;
    if (headerCount === 0 ? c.offset !== recordEnd : c.offset > recordEnd) {
      throw corrupt(`record at ${pos}: fields do not match its length ${bodySize}`);
    }
    return recordEnd;
  }
}

/** Position shared by the synchronous readers of this module. */
const cursor: VarintCursor = { offset: 0 };

function corrupt(message: string): RecordBatchError {
  return new RecordBatchError('CORRUPT_RECORD', message);
}

function asCorrupt(err: unknown): unknown {
  return err instanceof VarintError ? new RecordBatchError('CORRUPT_RECORD', err.message, { cause: err }) : err;
}

/** Decodes `count` headers in `data[start, end)`; they must end exactly at `end`. */
function readHeaders(data: Buffer, start: number, end: number, count: number): RecordHeader[] {
  const headers: RecordHeader[] = new Array<RecordHeader>(count);
  const c = cursor;
  c.offset = start;
  for (let i = 0; i < count; i++) {
    const keyLength = readVarint(data, c);
    if (keyLength < 0 || c.offset + keyLength > end) throw corrupt(`header key length ${keyLength} out of bounds`);
    const key = data.toString('utf8', c.offset, c.offset + keyLength);
    c.offset += keyLength;
    const valueLength = readVarint(data, c);
    let value: Buffer | null = null;
    if (valueLength >= 0) {
      if (c.offset + valueLength > end) throw corrupt(`header value length ${valueLength} out of bounds`);
      value = data.subarray(c.offset, c.offset + valueLength);
      c.offset += valueLength;
    } else if (valueLength !== -1) {
      throw corrupt(`invalid header value length ${valueLength}`);
    }
    headers[i] = { key, value };
  }
  if (c.offset !== end) throw corrupt(`headers end at ${c.offset}, record ends at ${end}`);
  return headers;
}

/** Walks `count` headers in `data[start, end)` without building them; throws if they do not fit exactly. */
function skipHeaders(data: Buffer, start: number, end: number, count: number): void {
  const c = cursor;
  c.offset = start;
  for (let i = 0; i < count; i++) {
    const keyLength = readVarint(data, c);
    if (keyLength < 0 || c.offset + keyLength > end) throw corrupt(`header key length ${keyLength} out of bounds`);
    c.offset += keyLength;
    const valueLength = readVarint(data, c);
    if (valueLength >= 0) {
      if (c.offset + valueLength > end) throw corrupt(`header value length ${valueLength} out of bounds`);
      c.offset += valueLength;
    } else if (valueLength !== -1) {
      throw corrupt(`invalid header value length ${valueLength}`);
    }
  }
  if (c.offset !== end) throw corrupt(`headers end at ${c.offset}, record ends at ${end}`);
}
