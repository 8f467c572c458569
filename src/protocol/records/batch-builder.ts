// Builds a v2 record batch one record at a time (a producer's open batch): each record is written into
// the batch's buffer as it is appended, so nothing per record is kept (key and value buffers can be
// dropped at once); `build()` fills the header, compressing the records region first if asked.

import { sizeOfVarint } from '../varint.js';
import {
  BATCH_HEADER_SIZE,
  NO_PARTITION_LEADER_EPOCH,
  NO_PRODUCER_EPOCH,
  NO_PRODUCER_ID,
  NO_SEQUENCE,
  NO_TIMESTAMP,
  type CompressionCodecId,
  type CompressionName,
} from './constants.js';
import { compressionCodec, compressionId } from './compression/index.js';
import { batchAttributes, recordBodySize, writeBatchHeader, writeRecord, type RecordInput } from './encode.js';
import { RecordView, type DecodedRecord } from './record-view.js';

export interface BuildRecordBatchOptions {
  /** Default 'none'. */
  compression?: CompressionName | CompressionCodecId;
  /** Default -1 (not idempotent). */
  producerId?: number;
  /** Default -1. */
  producerEpoch?: number;
  /** Sequence number of the first record; default -1. */
  baseSequence?: number;
  /** Default false. */
  transactional?: boolean;
}

export class RecordBatchBuilder {
  private buf: Buffer;
  private pos = BATCH_HEADER_SIZE;
  private baseTimestamp = NO_TIMESTAMP;
  private maxTimestamp = NO_TIMESTAMP;
  /** Records appended. */
  count = 0;

  /**
   * @param capacity initial buffer size in bytes
   * @param growthLimit the buffer doubles as needed up to this size (then grows only by what a record needs)
   */
  constructor(capacity = 1024, private readonly growthLimit = Infinity) {
    this.buf = Buffer.allocUnsafe(Math.max(BATCH_HEADER_SIZE + 64, capacity));
  }

  /** Bytes of the batch so far, header included (uncompressed). */
  get sizeInBytes(): number {
    return this.pos;
  }

  /** Appends a record (offset delta: its index); `record.offsetDelta` is ignored. */
  append(record: RecordInput): void {
    const offsetDelta = this.count;
    const timestamp = record.timestamp;
    if (offsetDelta === 0) this.baseTimestamp = timestamp;
    if (timestamp > this.maxTimestamp) this.maxTimestamp = timestamp;
    const timestampDelta = timestamp - this.baseTimestamp;
    const bodySize = recordBodySize(record, timestampDelta, offsetDelta);
    const needed = this.pos + sizeOfVarint(bodySize) + bodySize;
    if (needed > this.buf.length) this.grow(needed);
    this.pos = writeRecord(this.buf, this.pos, record, bodySize, timestampDelta, offsetDelta);
    this.count++;
  }

  /** Moves the batch to a new buffer, leaving the bytes of a previous `build()` as they are. */
  detach(): void {
    const next = Buffer.allocUnsafe(this.buf.length);
    this.buf.copy(next, 0, 0, this.pos);
    this.buf = next;
  }

  /** The records appended so far, decoded (key, value and header values are slices of the builder's buffer). */
  records(): DecodedRecord[] {
    const out: DecodedRecord[] = [];
    const view = new RecordView();
    let pos = BATCH_HEADER_SIZE;
    for (let i = 0; i < this.count; i++) {
      pos = view.read(this.buf, pos, this.pos, 0, this.baseTimestamp, undefined);
      out.push(view.toRecord());
    }
    return out;
  }

  private grow(needed: number): void {
    const size = Math.max(needed, Math.min(this.buf.length * 2, this.growthLimit));
    const next = Buffer.allocUnsafe(size);
    this.buf.copy(next, 0, 0, this.pos);
    this.buf = next;
  }

  /**
   * The encoded batch (base offset 0, as producers send it). May be called again (a retry with new
   * producer fields); an uncompressed result shares the builder's buffer, so it is only valid until the
   * next `build()` or `append()`.
   */
  build(options: BuildRecordBatchOptions = {}): Buffer {
    const codecId = compressionId(options.compression ?? 'none');
    let batch: Buffer;
    if (codecId === 0) {
      batch = this.buf.subarray(0, this.pos);
    } else {
      const blob = compressionCodec(codecId).compress(this.buf.subarray(BATCH_HEADER_SIZE, this.pos));
      batch = Buffer.allocUnsafe(BATCH_HEADER_SIZE + blob.length);
      blob.copy(batch, BATCH_HEADER_SIZE);
    }
    writeBatchHeader(batch, {
      attributes: batchAttributes(codecId, { transactional: options.transactional === true }),
      baseOffset: 0,
      partitionLeaderEpoch: NO_PARTITION_LEADER_EPOCH,
      lastOffsetDelta: this.count === 0 ? 0 : this.count - 1,
      baseTimestamp: this.baseTimestamp,
      maxTimestamp: this.maxTimestamp,
      producerId: options.producerId ?? NO_PRODUCER_ID,
      producerEpoch: options.producerEpoch ?? NO_PRODUCER_EPOCH,
      baseSequence: options.baseSequence ?? NO_SEQUENCE,
      count: this.count,
    });
    return batch;
  }
}
