// Splits a buffer of concatenated record batches (a Produce request's or Fetch response's `records`
// field) into lazy RecordBatch views. Only the 12-byte log overhead and the magic byte of each batch are
// read. A last batch cut short (fetch responses are size-capped by the broker) is reported, not an error.

import {
  BATCH_HEADER_SIZE,
  BATCH_LENGTH_OFFSET,
  LOG_OVERHEAD,
  MAGIC_OFFSET,
  MAGIC_V2,
} from './constants.js';
import { RecordBatchError } from './errors.js';
import { readInt64 } from './int64.js';
import { RecordBatch } from './record-batch.js';

/** The incomplete batch at the end of a buffer. */
export interface PartialBatch {
  /** Where it starts in the input. */
  position: number;
  /** Bytes present. */
  availableBytes: number;
  /** Full size of the batch when its length field was readable, otherwise -1. */
  sizeInBytes: number;
}

export interface RecordBatches {
  batches: RecordBatch[];
  /** The truncated last batch, or null when the input ends on a batch boundary. */
  partial: PartialBatch | null;
}

/**
 * Splits `buf` into batches. Throws UNSUPPORTED_MAGIC for a batch whose magic is not 2 and CORRUPT_RECORD
 * for a length that cannot be a v2 batch. Neither CRCs nor records are checked here.
 */
export function readRecordBatches(buf: Buffer): RecordBatches {
  const batches: RecordBatch[] = [];
  const total = buf.length;
  let pos = 0;
  while (pos < total) {
    const remaining = total - pos;
    if (remaining < LOG_OVERHEAD) {
      return { batches, partial: { position: pos, availableBytes: remaining, sizeInBytes: -1 } };
    }
    const batchLength = buf.readInt32BE(pos + BATCH_LENGTH_OFFSET);
    const size = LOG_OVERHEAD + batchLength;
    if (remaining > MAGIC_OFFSET) {
      const magic = buf.readInt8(pos + MAGIC_OFFSET);
      if (magic !== MAGIC_V2) {
        throw new RecordBatchError(
          'UNSUPPORTED_MAGIC',
          `record batch at byte ${pos} (offset ${readInt64(buf, pos)}) has magic ${magic}; only magic 2 is supported`,
        );
      }
    }
    if (size < BATCH_HEADER_SIZE) {
      throw new RecordBatchError('CORRUPT_RECORD', `record batch at byte ${pos} has invalid length ${batchLength}`);
    }
    if (size > remaining) {
      return { batches, partial: { position: pos, availableBytes: remaining, sizeInBytes: size } };
    }
    batches.push(new RecordBatch(buf.subarray(pos, pos + size)));
    pos += size;
  }
  return { batches, partial: null };
}
