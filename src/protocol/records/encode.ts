// Encodes a v2 record batch: sizes are computed first so the (uncompressed) batch is written into one
// exactly-sized buffer; a compressed batch writes its records region to a scratch buffer, compresses it,
// and places the result after the header. The CRC is computed last over attributes..end.

import { sizeOfVarint, sizeOfVarlong, writeVarint, writeVarlong } from '../varint.js';
import {
  ATTRIBUTES_OFFSET,
  BASE_OFFSET_OFFSET,
  BASE_SEQUENCE_OFFSET,
  BASE_TIMESTAMP_OFFSET,
  BATCH_HEADER_SIZE,
  BATCH_LENGTH_OFFSET,
  CONTROL_MASK,
  CRC_OFFSET,
  DELETE_HORIZON_MASK,
  LAST_OFFSET_DELTA_OFFSET,
  LOG_OVERHEAD,
  MAGIC_OFFSET,
  MAGIC_V2,
  MAX_TIMESTAMP_OFFSET,
  NO_PARTITION_LEADER_EPOCH,
  NO_PRODUCER_EPOCH,
  NO_PRODUCER_ID,
  NO_SEQUENCE,
  NO_TIMESTAMP,
  PARTITION_LEADER_EPOCH_OFFSET,
  PRODUCER_EPOCH_OFFSET,
  PRODUCER_ID_OFFSET,
  RECORDS_COUNT_OFFSET,
  TIMESTAMP_TYPE_MASK,
  TRANSACTIONAL_MASK,
  type CompressionCodecId,
  type CompressionName,
} from './constants.js';
import { compressionCodec, compressionId } from './compression/index.js';
import { crc32c } from './crc32c.js';
import { writeInt64 } from './int64.js';
import type { RecordHeader } from './types.js';

/** One record to encode. */
export interface RecordInput {
  key: Buffer | null;
  /** how many bytes from the start of `key` are the key; default all (lets a producer pass a reused scratch buffer) */
  keyLength?: number | undefined;
  value: Buffer | null;
  headers?: readonly RecordHeader[] | undefined;
  /** Record timestamp in ms. */
  timestamp: number;
  /** Offset relative to the batch's baseOffset; defaults to the record's index in the list. */
  offsetDelta?: number;
}

export interface EncodeRecordBatchOptions {
  records: readonly RecordInput[];
  /** Offset of the first record; producers send 0 and the broker assigns it. Default 0. */
  baseOffset?: number;
  /** Default -1 (none). */
  partitionLeaderEpoch?: number;
  /** Default 'none'. */
  compression?: CompressionName | CompressionCodecId;
  /** Default 'createTime'. */
  timestampType?: 'createTime' | 'logAppendTime';
  /** Batch belongs to a transaction. Default false. */
  transactional?: boolean;
  /** Batch holds control records (transaction markers). Default false. */
  control?: boolean;
  /** Default -1 (not idempotent). */
  producerId?: number;
  /** Default -1. */
  producerEpoch?: number;
  /** Sequence number of the first record; default -1. */
  baseSequence?: number;
  /**
   * lastOffset - baseOffset. Defaults to the largest record offsetDelta (0 for an empty batch). A compacted
   * batch keeps its original value, which may be larger.
   */
  lastOffsetDelta?: number;
  /** Defaults to the largest record timestamp (or the broker's append time for LogAppendTime). */
  maxTimestamp?: number;
  /**
   * Sets the delete-horizon attribute: baseTimestamp then holds this time (record timestamps stay exact,
   * their deltas are taken against it). Used by the log cleaner.
   */
  deleteHorizonMs?: number;
}

const EMPTY_HEADERS: readonly RecordHeader[] = [];

/** Per-record body sizes of the batch being encoded (reused across calls; the encoder is synchronous). */
let sizes = new Int32Array(1024);

/** Bytes of a record's body (after its length prefix). */
export function recordBodySize(r: RecordInput, timestampDelta: number, offsetDelta: number): number {
  let size = 1 + sizeOfVarlong(timestampDelta) + sizeOfVarint(offsetDelta);
  const key = r.key;
  if (key === null) size += 1;
  else {
    const keyLength = r.keyLength ?? key.length;
    size += sizeOfVarint(keyLength) + keyLength;
  }
  const value = r.value;
  size += value === null ? 1 : sizeOfVarint(value.length) + value.length;
  const headers = r.headers ?? EMPTY_HEADERS;
  size += sizeOfVarint(headers.length);
  for (let h = 0; h < headers.length; h++) {
    const header = headers[h]!;
    const keyBytes = Buffer.byteLength(header.key, 'utf8');
    size += sizeOfVarint(keyBytes) + keyBytes;
    const hv = header.value;
    size += hv === null ? 1 : sizeOfVarint(hv.length) + hv.length;
  }
  return size;
}

/** Writes one record (length prefix included) at `pos`; returns the position after it. */
export function writeRecord(
  buf: Buffer,
  pos: number,
  r: RecordInput,
  bodySize: number,
  timestampDelta: number,
  offsetDelta: number,
): number {
  pos = writeVarint(buf, pos, bodySize);
  buf[pos++] = 0; // record attributes: unused
  pos = writeVarlong(buf, pos, timestampDelta);
  pos = writeVarint(buf, pos, offsetDelta);
  const key = r.key;
  if (key === null) {
    buf[pos++] = 1; // zig-zag(-1)
  } else {
    const keyLength = r.keyLength ?? key.length;
    pos = writeVarint(buf, pos, keyLength);
    if (keyLength === key.length) buf.set(key, pos); // TypedArray#set: far cheaper than Buffer#copy for small fields
    else if (keyLength <= 64) for (let i = 0; i < keyLength; i++) buf[pos + i] = key[i]!;
    else key.copy(buf, pos, 0, keyLength);
    pos += keyLength;
  }
  const value = r.value;
  if (value === null) {
    buf[pos++] = 1;
  } else {
    pos = writeVarint(buf, pos, value.length);
    buf.set(value, pos);
    pos += value.length;
  }
  const headers = r.headers ?? EMPTY_HEADERS;
  pos = writeVarint(buf, pos, headers.length);
  for (let h = 0; h < headers.length; h++) {
    const header = headers[h]!;
    const keyBytes = Buffer.byteLength(header.key, 'utf8');
    pos = writeVarint(buf, pos, keyBytes);
    pos += buf.write(header.key, pos, keyBytes, 'utf8');
    const hv = header.value;
    if (hv === null) {
      buf[pos++] = 1;
    } else {
      pos = writeVarint(buf, pos, hv.length);
      buf.set(hv, pos);
      pos += hv.length;
    }
  }
  return pos;
}

/** Encodes one record batch (magic 2) into a new Buffer, lengths and CRC filled in. */
export function encodeRecordBatch(options: EncodeRecordBatchOptions): Buffer {
  const records = options.records;
  const count = records.length;
  const codecId = compressionId(options.compression ?? 'none');

  // Timestamps and offsets of the batch.
  let firstTimestamp = NO_TIMESTAMP;
  let maxTimestamp = NO_TIMESTAMP;
  let maxOffsetDelta = count === 0 ? 0 : -1;
  for (let i = 0; i < count; i++) {
    const r = records[i]!;
    if (i === 0) firstTimestamp = r.timestamp;
    if (r.timestamp > maxTimestamp) maxTimestamp = r.timestamp;
    const od = r.offsetDelta ?? i;
    if (od > maxOffsetDelta) maxOffsetDelta = od;
  }
  const hasDeleteHorizon = options.deleteHorizonMs !== undefined;
  const baseTimestamp = hasDeleteHorizon ? options.deleteHorizonMs! : firstTimestamp;

  // Pass 1: record sizes.
  if (sizes.length < count) sizes = new Int32Array(Math.max(count, sizes.length * 2));
  let recordsSize = 0;
  for (let i = 0; i < count; i++) {
    const r = records[i]!;
    const bodySize = recordBodySize(r, r.timestamp - baseTimestamp, r.offsetDelta ?? i);
    sizes[i] = bodySize;
    recordsSize += sizeOfVarint(bodySize) + bodySize;
  }

  // Pass 2: records, into the batch itself or a scratch buffer to compress.
  const compressed = codecId !== 0;
  let batch: Buffer;
  let region: Buffer;
  let pos: number;
  if (compressed) {
    region = Buffer.allocUnsafe(recordsSize);
    pos = 0;
    batch = region; // replaced below
  } else {
    batch = Buffer.allocUnsafe(BATCH_HEADER_SIZE + recordsSize);
    region = batch;
    pos = BATCH_HEADER_SIZE;
  }
  for (let i = 0; i < count; i++) {
    const r = records[i]!;
    pos = writeRecord(region, pos, r, sizes[i]!, r.timestamp - baseTimestamp, r.offsetDelta ?? i);
  }
  if (compressed) {
    const blob = compressionCodec(codecId).compress(region);
    batch = Buffer.allocUnsafe(BATCH_HEADER_SIZE + blob.length);
    blob.copy(batch, BATCH_HEADER_SIZE);
  }

  writeBatchHeader(batch, {
    attributes: batchAttributes(codecId, options),
    baseOffset: options.baseOffset ?? 0,
    partitionLeaderEpoch: options.partitionLeaderEpoch ?? NO_PARTITION_LEADER_EPOCH,
    lastOffsetDelta: options.lastOffsetDelta ?? maxOffsetDelta,
    baseTimestamp,
    maxTimestamp: options.maxTimestamp ?? maxTimestamp,
    producerId: options.producerId ?? NO_PRODUCER_ID,
    producerEpoch: options.producerEpoch ?? NO_PRODUCER_EPOCH,
    baseSequence: options.baseSequence ?? NO_SEQUENCE,
    count,
  });
  return batch;
}

/** The attributes field of a batch: codec, timestamp type and flags. */
export function batchAttributes(
  codecId: CompressionCodecId,
  options: Pick<EncodeRecordBatchOptions, 'timestampType' | 'transactional' | 'control' | 'deleteHorizonMs'>,
): number {
  let attributes: number = codecId;
  if (options.timestampType === 'logAppendTime') attributes |= TIMESTAMP_TYPE_MASK;
  if (options.transactional === true) attributes |= TRANSACTIONAL_MASK;
  if (options.control === true) attributes |= CONTROL_MASK;
  if (options.deleteHorizonMs !== undefined) attributes |= DELETE_HORIZON_MASK;
  return attributes;
}

/** The header fields of a batch, every one resolved. */
export interface BatchHeaderFields {
  attributes: number;
  baseOffset: number;
  partitionLeaderEpoch: number;
  lastOffsetDelta: number;
  baseTimestamp: number;
  maxTimestamp: number;
  producerId: number;
  producerEpoch: number;
  baseSequence: number;
  count: number;
}

/** Fills the 61-byte header of `batch` (the whole buffer is the batch); the CRC is computed last. */
export function writeBatchHeader(batch: Buffer, h: BatchHeaderFields): void {
  writeInt64(batch, BASE_OFFSET_OFFSET, h.baseOffset);
  batch.writeInt32BE(batch.length - LOG_OVERHEAD, BATCH_LENGTH_OFFSET);
  batch.writeInt32BE(h.partitionLeaderEpoch, PARTITION_LEADER_EPOCH_OFFSET);
  batch[MAGIC_OFFSET] = MAGIC_V2;
  batch.writeInt16BE(h.attributes, ATTRIBUTES_OFFSET);
  batch.writeInt32BE(h.lastOffsetDelta, LAST_OFFSET_DELTA_OFFSET);
  writeInt64(batch, BASE_TIMESTAMP_OFFSET, h.baseTimestamp);
  writeInt64(batch, MAX_TIMESTAMP_OFFSET, h.maxTimestamp);
  writeInt64(batch, PRODUCER_ID_OFFSET, h.producerId);
  batch.writeInt16BE(h.producerEpoch, PRODUCER_EPOCH_OFFSET);
  batch.writeInt32BE(h.baseSequence, BASE_SEQUENCE_OFFSET);
  batch.writeInt32BE(h.count, RECORDS_COUNT_OFFSET);
  batch.writeUInt32BE(crc32c(batch, ATTRIBUTES_OFFSET), CRC_OFFSET);
}
