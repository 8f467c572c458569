import { readLong, writeLong } from './bytes.js';

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
