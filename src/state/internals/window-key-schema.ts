import { readLong, writeLong } from './bytes.js';

/**
 * Kafka Streams' `WindowKeySchema`, as RocksDB window stores and their changelogs hold keys:
 * `<key bytes><8-byte window start><4-byte sequence number>` (the sequence number is 0 unless the
 * store retains duplicates). Within a segment, entries order by key bytes, then start, then seqnum.
 */
export const WINDOW_SUFFIX = 12;

export function windowStoreKey(key: Buffer, windowStart: number, seqnum: number): Buffer {
  const out = Buffer.allocUnsafe(key.length + WINDOW_SUFFIX);
  key.copy(out, 0);
  writeLong(out, key.length, windowStart);
  out.writeInt32BE(seqnum, key.length + 8);
  return out;
}

export function windowKeyOf(storeKey: Buffer): Buffer {
  return storeKey.subarray(0, storeKey.length - WINDOW_SUFFIX);
}

export function windowStartOf(storeKey: Buffer): number {
  return readLong(storeKey, storeKey.length - WINDOW_SUFFIX);
}

/** `windowStartOf` for a store key in place: `data[keyStart, keyStart + keyLength)` */
export function windowStartAt(data: Buffer, keyStart: number, keyLength: number): number {
  if (keyLength < WINDOW_SUFFIX) return windowStartOf(data.subarray(keyStart, keyStart + keyLength));
  return readLong(data, keyStart + keyLength - WINDOW_SUFFIX);
}

/**
 * Kafka Streams' `SessionKeySchema`: `<key bytes><8-byte end><8-byte start>`; entries order by
 * key, then session end, then start.
 */
export const SESSION_SUFFIX = 16;

export function sessionStoreKey(key: Buffer, start: number, end: number): Buffer {
  const out = Buffer.allocUnsafe(key.length + SESSION_SUFFIX);
  key.copy(out, 0);
  writeLong(out, key.length, end);
  writeLong(out, key.length + 8, start);
  return out;
}

export function sessionKeyOf(storeKey: Buffer): Buffer {
  return storeKey.subarray(0, storeKey.length - SESSION_SUFFIX);
}

export function sessionEndOf(storeKey: Buffer): number {
  return readLong(storeKey, storeKey.length - SESSION_SUFFIX);
}

/** `sessionEndOf` for a store key in place: `data[keyStart, keyStart + keyLength)` */
export function sessionEndAt(data: Buffer, keyStart: number, keyLength: number): number {
  if (keyLength < SESSION_SUFFIX) return sessionEndOf(data.subarray(keyStart, keyStart + keyLength));
  return readLong(data, keyStart + keyLength - SESSION_SUFFIX);
}

export function sessionStartOf(storeKey: Buffer): number {
  return readLong(storeKey, storeKey.length - 8);
}

/** `key` followed by `n` 0xff bytes: an inclusive upper bound for every suffix of `key` */
export function maxSuffix(key: Buffer, n: number): Buffer {
  const out = Buffer.alloc(key.length + n, 0xff);
  key.copy(out, 0);
  return out;
}
