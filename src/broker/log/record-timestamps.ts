// Finds the first record of a batch whose timestamp is >= a target, for ListOffsets by timestamp.
// Walks the records of uncompressed batches; for compressed ones answers with the batch (see TODO).
import { compressionOf, readBatchInfo } from './batch-header.js';
import type { TimestampHit } from './partition-log.js';

function readZigZag(buf: Buffer, cursor: { pos: number }): number {
  let result = 0;
  let shift = 1;
  for (let i = 0; i < 10; i++) {
    const b = buf[cursor.pos++]!;
    result += (b & 0x7f) * shift;
    if ((b & 0x80) === 0) break;
    shift *= 128;
  }
  // zig-zag decode on a safe integer
  return result % 2 === 0 ? result / 2 : -(result + 1) / 2;
}

export function firstRecordAtOrAfter(buf: Buffer, pos: number, timestamp: number, minOffset: number): TimestampHit {
  const info = readBatchInfo(buf, pos);
  // TODO(records): decompress compressed batches with the records module to find the exact record.
  if (compressionOf(info.attributes) !== 0 || (info.attributes & 0x08) !== 0) {
    return { offset: Math.max(info.baseOffset, minOffset), timestamp: info.maxTimestamp };
  }
  const cursor = { pos: pos + 61 };
  const end = pos + info.size;
  for (let i = 0; i < info.recordCount && cursor.pos < end; i++) {
    const length = readZigZag(buf, cursor);
    const next = cursor.pos + length;
    cursor.pos += 1; // attributes
    const ts = info.baseTimestamp + readZigZag(buf, cursor);
    const offset = info.baseOffset + readZigZag(buf, cursor);
    if (ts >= timestamp && offset >= minOffset) return { offset, timestamp: ts };
    cursor.pos = next;
  }
  return { offset: Math.max(info.baseOffset, minOffset), timestamp: info.maxTimestamp };
}
