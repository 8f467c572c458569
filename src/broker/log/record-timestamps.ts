// Finds the first record of a batch whose timestamp is >= a target, for ListOffsets by timestamp.
import { RecordBatch } from '../../protocol/records/index.js';
import type { TimestampHit } from './partition-log.js';

/** `batch` holds exactly one whole batch. LogAppendTime batches answer with their append time. */
export function firstRecordAtOrAfter(batch: Buffer, timestamp: number, minOffset: number): TimestampHit {
  const b = new RecordBatch(batch);
  if (b.timestampType === 1) return { offset: Math.max(b.baseOffset, minOffset), timestamp: b.maxTimestamp };
  let hit: TimestampHit | undefined;
  try {
    b.forEachRecord((r) => {
      if (hit === undefined && r.timestamp >= timestamp && r.offset >= minOffset) hit = { offset: r.offset, timestamp: r.timestamp };
    });
  } catch {
    // An unreadable batch (cannot happen for validated appends): answer with the batch itself.
  }
  return hit ?? { offset: Math.max(b.baseOffset, minOffset), timestamp: b.maxTimestamp };
}
