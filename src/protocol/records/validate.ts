// Broker-side checks and in-place rewrites of record batches.

import {
  ATTRIBUTES_OFFSET,
  BASE_OFFSET_OFFSET,
  BATCH_HEADER_SIZE,
  BATCH_LENGTH_OFFSET,
  CRC_OFFSET,
  LOG_OVERHEAD,
  MAGIC_V2,
  MAX_TIMESTAMP_OFFSET,
  PARTITION_LEADER_EPOCH_OFFSET,
  TIMESTAMP_TYPE_MASK,
} from './constants.js';
import { crc32c } from './crc32c.js';
import { RecordBatchError } from './errors.js';
import { writeInt64 } from './int64.js';
import type { RecordBatch } from './record-batch.js';

export interface ValidateRecordBatchOptions {
  /**
   * Require what Kafka requires of a batch a producer sends: at least one record, offset deltas exactly
   * 0..count-1 and lastOffsetDelta = count - 1. Default false (batches read back from a compacted log
   * may have gaps).
   */
  contiguousOffsets?: boolean;
}

/** What a full validation learnt about the batch's records. */
export interface RecordBatchSummary {
  recordCount: number;
  /** Largest timestamp a record carries (baseTimestamp + timestampDelta, even for LogAppendTime), -1 when empty. */
  maxRecordTimestamp: number;
}

function invalid(code: 'CORRUPT_RECORD' | 'INVALID_RECORD', message: string): RecordBatchError {
  return new RecordBatchError(code, message);
}

/**
 * Fully checks a batch: magic, batchLength against the bytes, CRC, then every record (lengths, varints,
 * headers), the declared record count, offset deltas increasing and within lastOffsetDelta. Throws
 * RecordBatchError (CORRUPT_RECORD, UNSUPPORTED_MAGIC, UNSUPPORTED_COMPRESSION or INVALID_RECORD).
 */
export function validateRecordBatch(batch: RecordBatch, options: ValidateRecordBatchOptions = {}): RecordBatchSummary {
  const buf = batch.buffer;
  if (buf.length < BATCH_HEADER_SIZE) throw invalid('CORRUPT_RECORD', `record batch of ${buf.length} bytes is shorter than its header`);
  if (batch.magic !== MAGIC_V2) throw new RecordBatchError('UNSUPPORTED_MAGIC', `record batch has magic ${batch.magic}`);
  if (batch.batchLength + LOG_OVERHEAD !== buf.length) {
    throw invalid('CORRUPT_RECORD', `batchLength ${batch.batchLength} does not match the ${buf.length} bytes of the batch`);
  }
  batch.verifyCrc();
  const count = batch.recordCount;
  const lastOffsetDelta = batch.lastOffsetDelta;
  if (count < 0) throw invalid('CORRUPT_RECORD', `negative record count ${count}`);
  if (lastOffsetDelta < 0) throw invalid('INVALID_RECORD', `negative lastOffsetDelta ${lastOffsetDelta}`);
  const contiguous = options.contiguousOffsets === true;
  if (contiguous && (count === 0 || lastOffsetDelta !== count - 1)) {
    throw invalid('INVALID_RECORD', `batch of ${count} records has lastOffsetDelta ${lastOffsetDelta}`);
  }
  let index = 0;
  let previousDelta = -1;
  let maxRecordTimestamp = -1;
  const baseTimestamp = batch.baseTimestamp;
  batch.forEachRecord((r) => {
    r.checkHeaders();
    const delta = r.offsetDelta;
    if (contiguous ? delta !== index : delta <= previousDelta || delta > lastOffsetDelta) {
      throw invalid('INVALID_RECORD', `record ${index} has offsetDelta ${delta} (previous ${previousDelta}, last ${lastOffsetDelta})`);
    }
    const timestamp = baseTimestamp + r.timestampDelta;
    if (timestamp > maxRecordTimestamp) maxRecordTimestamp = timestamp;
    previousDelta = delta;
    index++;
  });
  return { recordCount: count, maxRecordTimestamp };
}

/** Rewrites baseOffset in place (outside the CRC, so nothing else changes). */
export function setBaseOffset(batch: Buffer, baseOffset: number): void {
  writeInt64(batch, BASE_OFFSET_OFFSET, baseOffset);
}

/** Rewrites partitionLeaderEpoch in place (outside the CRC). */
export function setPartitionLeaderEpoch(batch: Buffer, epoch: number): void {
  batch.writeInt32BE(epoch, PARTITION_LEADER_EPOCH_OFFSET);
}

/**
 * Marks the batch as LogAppendTime with the given broker time as maxTimestamp, and recomputes the CRC
 * (both fields are covered by it). Used by a broker for topics with message.timestamp.type=LogAppendTime.
 */
export function setLogAppendTime(batch: Buffer, timestamp: number): void {
  batch.writeInt16BE(batch.readInt16BE(ATTRIBUTES_OFFSET) | TIMESTAMP_TYPE_MASK, ATTRIBUTES_OFFSET);
  writeInt64(batch, MAX_TIMESTAMP_OFFSET, timestamp);
  batch.writeUInt32BE(crc32c(batch, ATTRIBUTES_OFFSET), CRC_OFFSET);
}

/** Size in bytes of the batch starting at `position` (from its batchLength field). */
export function batchSizeAt(buf: Buffer, position: number): number {
  return LOG_OVERHEAD + buf.readInt32BE(position + BATCH_LENGTH_OFFSET);
}
