// What storage needs from a v2 record batch at a position inside a larger buffer (a chunk of a segment
// file): its header fields in one object, and the check that decides whether the bytes there form a
// whole, intact batch. Whole-batch work (validation of records, rewrites) uses protocol/records.
import { BATCH_HEADER_SIZE, LOG_OVERHEAD, crc32c } from '../../protocol/records/index.js';

export { BATCH_HEADER_SIZE, LOG_OVERHEAD };

const CRC_OFFSET = 17;
const ATTRIBUTES_OFFSET = 21;
const MAX_TIMESTAMP_OFFSET = 35;

/** The header fields of one batch, plus where it sits. Offsets and timestamps are safe integers. */
export interface BatchInfo {
  /** Position of the batch in the buffer or file it was read from. */
  readonly position: number;
  /** Whole size of the batch in bytes, header included. */
  readonly size: number;
  readonly baseOffset: number;
  readonly lastOffset: number;
  readonly magic: number;
  readonly attributes: number;
  readonly baseTimestamp: number;
  readonly maxTimestamp: number;
  readonly producerId: number;
  readonly producerEpoch: number;
  readonly baseSequence: number;
  readonly recordCount: number;
}

export const isTransactional = (attributes: number): boolean => (attributes & 0x10) !== 0;
export const isControl = (attributes: number): boolean => (attributes & 0x20) !== 0;

function int64(buf: Buffer, at: number): number {
  return buf.readInt32BE(at) * 4294967296 + buf.readUInt32BE(at + 4);
}

/** Reads the header of the batch at `pos`; the caller has checked that 61 bytes are there. */
export function readBatchInfo(buf: Buffer, pos: number): BatchInfo {
  const baseOffset = int64(buf, pos);
  return {
    position: pos,
    size: buf.readInt32BE(pos + 8) + LOG_OVERHEAD,
    baseOffset,
    lastOffset: baseOffset + buf.readInt32BE(pos + 23),
    magic: buf.readInt8(pos + 16),
    attributes: buf.readInt16BE(pos + ATTRIBUTES_OFFSET),
    baseTimestamp: int64(buf, pos + 27),
    maxTimestamp: int64(buf, pos + MAX_TIMESTAMP_OFFSET),
    producerId: int64(buf, pos + 43),
    producerEpoch: buf.readInt16BE(pos + 51),
    baseSequence: buf.readInt32BE(pos + 53),
    recordCount: buf.readInt32BE(pos + 57),
  };
}

export type BatchCheck =
  | { readonly kind: 'ok'; readonly size: number }
  | { readonly kind: 'incomplete' }
  | { readonly kind: 'corrupt'; readonly reason: string };

/**
 * Checks the batch starting at `pos` of `buf[.., end)`: a sane length, magic 2, and (when `checkCrc`)
 * the CRC-32C over attributes..end. 'incomplete' means the bytes stop before the batch does.
 */
export function checkBatch(buf: Buffer, pos: number, end: number, checkCrc = true): BatchCheck {
  if (end - pos < LOG_OVERHEAD) return { kind: 'incomplete' };
  const length = buf.readInt32BE(pos + 8);
  if (length < BATCH_HEADER_SIZE - LOG_OVERHEAD) return { kind: 'corrupt', reason: `batch length ${length} too small` };
  const size = length + LOG_OVERHEAD;
  if (end - pos < size) return { kind: 'incomplete' };
  const magic = buf.readInt8(pos + 16);
  if (magic !== 2) return { kind: 'corrupt', reason: `unsupported magic ${magic}` };
  if (checkCrc) {
    const stored = buf.readUInt32BE(pos + CRC_OFFSET);
    const actual = crc32c(buf, pos + ATTRIBUTES_OFFSET, pos + size);
    if (stored !== actual) return { kind: 'corrupt', reason: 'CRC-32C mismatch' };
  }
  if (buf.readInt32BE(pos + 57) < 0 || buf.readInt32BE(pos + 23) < 0) return { kind: 'corrupt', reason: 'negative count' };
  return { kind: 'ok', size };
}
