import type { ChangelogRecordView } from '../../streams/processor/state-store.js';
import type { StoredValueForm } from './bytes-table.js';
import { copyBytes, readLong, writeLong } from './bytes.js';

/** Kafka Streams' stored `ValueAndTimestamp` layout: an 8-byte big-endian timestamp, then the value. */
export function joinTimestamp(timestamp: number, value: Buffer): Buffer {
  const out = Buffer.allocUnsafe(8 + value.length);
  writeLong(out, 0, timestamp);
  value.copy(out, 8);
  return out;
}

export function rawTimestamp(valueAndTimestamp: Buffer): number {
  return readLong(valueAndTimestamp, 0);
}

/** the value part (a view, not a copy) */
export function rawValue(valueAndTimestamp: Buffer): Buffer {
  return valueAndTimestamp.subarray(8);
}

/** the length of the value a store keeps for a changelog record in place (-1: a tombstone) */
export function storedValueLength(r: ChangelogRecordView, form: StoredValueForm): number {
  if (r.valueLength < 0) return -1;
  return form === 'timestamped' ? 8 + r.valueLength : r.valueLength;
}

/** writes the value a store keeps for a changelog record in place (not a tombstone) at `out[offset..]` */
export function writeStoredValue(r: ChangelogRecordView, form: StoredValueForm, out: Buffer, offset: number): void {
  const start = r.valueStart;
  if (form === 'timestamped') {
    writeLong(out, offset, r.timestamp);
    offset += 8;
  }
  copyBytes(r.data, start, start + r.valueLength, out, offset);
}
