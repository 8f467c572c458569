// A lazy view over one v2 record batch. Header fields are read from the bytes on access; records are
// decoded one at a time only when iterated; a compressed records region is decompressed once, on the
// first iteration. Nothing is checked on construction beyond what the caller did (see readRecordBatches
// and validateRecordBatch).

import { VarintError } from '../varint.js';
import {
  ATTRIBUTES_OFFSET,
  BASE_OFFSET_OFFSET,
  BASE_SEQUENCE_OFFSET,
  BASE_TIMESTAMP_OFFSET,
  BATCH_HEADER_SIZE,
  BATCH_LENGTH_OFFSET,
  COMPRESSION_MASK,
  CONTROL_MASK,
  CRC_OFFSET,
  DELETE_HORIZON_MASK,
  LAST_OFFSET_DELTA_OFFSET,
  MAGIC_OFFSET,
  MAX_TIMESTAMP_OFFSET,
  PARTITION_LEADER_EPOCH_OFFSET,
  PRODUCER_EPOCH_OFFSET,
  PRODUCER_ID_OFFSET,
  RECORDS_COUNT_OFFSET,
  TIMESTAMP_TYPE_MASK,
  TRANSACTIONAL_MASK,
  type CompressionCodecId,
  type TimestampTypeId,
} from './constants.js';
import { compressionCodec } from './compression/index.js';
import { crc32c } from './crc32c.js';
import { RecordBatchError } from './errors.js';
import { readInt64 } from './int64.js';
import { RecordView, type DecodedRecord } from './record-view.js';

export class RecordBatch {
  /** Decompressed records region (compressed batches only), filled on first use. */
  private decompressed: Buffer | undefined;

  /** `buffer` holds exactly this batch (12 + batchLength bytes); it is not copied. */
  constructor(readonly buffer: Buffer) {}

  get baseOffset(): number {
    return readInt64(this.buffer, BASE_OFFSET_OFFSET);
  }
  /** Bytes after the batchLength field. */
  get batchLength(): number {
    return this.buffer.readInt32BE(BATCH_LENGTH_OFFSET);
  }
  /** Total bytes of the batch. */
  get sizeInBytes(): number {
    return this.buffer.length;
  }
  get partitionLeaderEpoch(): number {
    return this.buffer.readInt32BE(PARTITION_LEADER_EPOCH_OFFSET);
  }
  get magic(): number {
    return this.buffer.readInt8(MAGIC_OFFSET);
  }
  /** The CRC stored in the batch (unsigned). */
  get crc(): number {
    return this.buffer.readUInt32BE(CRC_OFFSET);
  }
  get attributes(): number {
    return this.buffer.readInt16BE(ATTRIBUTES_OFFSET);
  }
  get compression(): CompressionCodecId {
    return (this.buffer[ATTRIBUTES_OFFSET + 1]! & COMPRESSION_MASK) as CompressionCodecId;
  }
  get timestampType(): TimestampTypeId {
    return (this.buffer[ATTRIBUTES_OFFSET + 1]! & TIMESTAMP_TYPE_MASK) === 0 ? 0 : 1;
  }
  get isTransactional(): boolean {
    return (this.buffer[ATTRIBUTES_OFFSET + 1]! & TRANSACTIONAL_MASK) !== 0;
  }
  get isControl(): boolean {
    return (this.buffer[ATTRIBUTES_OFFSET + 1]! & CONTROL_MASK) !== 0;
  }
  get hasDeleteHorizon(): boolean {
    return (this.buffer[ATTRIBUTES_OFFSET + 1]! & DELETE_HORIZON_MASK) !== 0;
  }
  /** The delete horizon (ms) when set, otherwise -1. */
  get deleteHorizonMs(): number {
    return this.hasDeleteHorizon ? this.baseTimestamp : -1;
  }
  get lastOffsetDelta(): number {
    return this.buffer.readInt32BE(LAST_OFFSET_DELTA_OFFSET);
  }
  /** baseOffset + lastOffsetDelta. */
  get lastOffset(): number {
    return this.baseOffset + this.lastOffsetDelta;
  }
  /** Offset the next batch starts at. */
  get nextOffset(): number {
    return this.lastOffset + 1;
  }
  get baseTimestamp(): number {
    return readInt64(this.buffer, BASE_TIMESTAMP_OFFSET);
  }
  get maxTimestamp(): number {
    return readInt64(this.buffer, MAX_TIMESTAMP_OFFSET);
  }
  get producerId(): number {
    return readInt64(this.buffer, PRODUCER_ID_OFFSET);
  }
  get producerEpoch(): number {
    return this.buffer.readInt16BE(PRODUCER_EPOCH_OFFSET);
  }
  get baseSequence(): number {
    return this.buffer.readInt32BE(BASE_SEQUENCE_OFFSET);
  }
  /** Sequence of the last record (baseSequence + lastOffsetDelta, wrapping at int32), or -1. */
  get lastSequence(): number {
    const base = this.baseSequence;
    if (base < 0) return -1;
    const last = base + this.lastOffsetDelta;
    return last > 0x7fffffff ? last - 0x80000000 : last;
  }
  /** Number of records, as declared in the header. */
  get recordCount(): number {
    return this.buffer.readInt32BE(RECORDS_COUNT_OFFSET);
  }

  /** CRC-32C computed over the batch's bytes (attributes to end). */
  computeCrc(): number {
    return crc32c(this.buffer, ATTRIBUTES_OFFSET);
  }

  /** Whether the stored CRC matches the bytes. */
  isValidCrc(): boolean {
    return this.computeCrc() === this.crc;
  }

  /** Throws CORRUPT_RECORD if the stored CRC does not match. */
  verifyCrc(): void {
    const computed = this.computeCrc();
    if (computed !== this.crc) {
      throw new RecordBatchError(
        'CORRUPT_RECORD',
        `record batch at offset ${this.baseOffset} has CRC ${this.crc}, computed ${computed}`,
      );
    }
  }

  /**
   * The records region, decompressed when the batch is compressed: `data[start, end)`. Compressed data is
   * decompressed once and kept.
   */
  recordsData(): { data: Buffer; start: number; end: number } {
    const codec = this.compression;
    if (codec === 0) return { data: this.buffer, start: BATCH_HEADER_SIZE, end: this.buffer.length };
    let d = this.decompressed;
    if (d === undefined) {
      const impl = compressionCodec(codec);
      try {
        d = impl.decompress(this.buffer.subarray(BATCH_HEADER_SIZE));
      } catch (err) {
        if (err instanceof RecordBatchError) throw err;
        throw new RecordBatchError('CORRUPT_RECORD', `cannot decompress ${impl.name} record batch: ${String(err)}`, {
          cause: err,
        });
      }
      this.decompressed = d;
    }
    return { data: d, start: 0, end: d.length };
  }

  /**
   * Calls `fn` for each record, in order, with one reused RecordView (valid only during the call).
   * Throws CORRUPT_RECORD if the records do not match the header's count or the region's length.
   */
  forEachRecord(fn: (record: RecordView) => void): void {
    const view = new RecordView();
    const { data, start, end } = this.recordsData();
    const count = this.recordCount;
    const baseOffset = this.baseOffset;
    const baseTimestamp = this.baseTimestamp;
    const logAppendTime = this.logAppendTime();
    if (count < 0) throw corrupt(`negative record count ${count}`);
    let pos = start;
    try {
      for (let i = 0; i < count; i++) {
        if (pos >= end) throw corrupt(`batch declares ${count} records but holds ${i}`);
        pos = view.read(data, pos, end, baseOffset, baseTimestamp, logAppendTime);
        fn(view);
      }
    } catch (err) {
      throw asRecordError(err);
    }
    if (pos !== end) throw corrupt(`${end - pos} bytes left after the ${count} declared records`);
  }

  /**
   * Iterates the records with one reused RecordView (each value is valid until the next step).
   * Use `toRecords()` or `view.toRecord()` to keep records.
   */
  records(): IterableIterator<RecordView> {
    return new RecordIterator(this);
  }

  /** For LogAppendTime batches the time every record reports (maxTimestamp), otherwise undefined. */
  logAppendTime(): number | undefined {
    return this.timestampType === 1 ? this.maxTimestamp : undefined;
  }

  /** All records as standalone objects (key/value/header values are zero-copy slices). */
  toRecords(): DecodedRecord[] {
    const out: DecodedRecord[] = [];
    this.forEachRecord((r) => out.push(r.toRecord()));
    return out;
  }
}

class RecordIterator implements IterableIterator<RecordView> {
  private readonly view = new RecordView();
  private readonly result: IteratorResult<RecordView> = { done: false, value: this.view };
  private readonly data: Buffer;
  private readonly end: number;
  private readonly count: number;
  private readonly baseOffset: number;
  private readonly baseTimestamp: number;
  private readonly logAppendTime: number | undefined;
  private pos: number;
  private index = 0;

  constructor(batch: RecordBatch) {
    const { data, start, end } = batch.recordsData();
    this.data = data;
    this.pos = start;
    this.end = end;
    this.count = batch.recordCount;
    if (this.count < 0) throw corrupt(`negative record count ${this.count}`);
    this.baseOffset = batch.baseOffset;
    this.baseTimestamp = batch.baseTimestamp;
    this.logAppendTime = batch.logAppendTime();
  }

  [Symbol.iterator](): IterableIterator<RecordView> {
    return this;
  }

  next(): IteratorResult<RecordView> {
    if (this.index === this.count) {
      if (this.pos !== this.end) throw corrupt(`${this.end - this.pos} bytes left after the ${this.count} declared records`);
      return DONE;
    }
    if (this.pos >= this.end) throw corrupt(`batch declares ${this.count} records but holds ${this.index}`);
    try {
      this.pos = this.view.read(this.data, this.pos, this.end, this.baseOffset, this.baseTimestamp, this.logAppendTime);
    } catch (err) {
      throw asRecordError(err);
    }
    this.index++;
    return this.result;
  }
}

const DONE: IteratorResult<RecordView> = { done: true, value: undefined };

function corrupt(message: string): RecordBatchError {
  return new RecordBatchError('CORRUPT_RECORD', message);
}

function asRecordError(err: unknown): unknown {
  if (err instanceof VarintError) return new RecordBatchError('CORRUPT_RECORD', err.message, { cause: err });
  return err;
}
