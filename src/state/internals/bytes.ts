/**
 * Byte helpers shared by the stores. Keys are compared as unsigned bytes, as RocksDB and Kafka
 * Streams' `Bytes` do. In memory a key is also kept as a latin1 string: one char per byte, so
 * JavaScript's string order is the byte order and a `Map`/B-tree lookup needs no comparator.
 */

/** The latin1 string form of a key (one char per byte; preserves byte order). */
export function keyString(key: Buffer): string {
  return key.toString('latin1');
}

export function compareBytes(a: Buffer, b: Buffer): number {
  return Buffer.compare(a, b);
}

/**
 * The smallest key greater than every key that starts with `prefix`, or null if there is none
 * (the prefix is all 0xff bytes). Used as an exclusive upper bound for prefix scans.
 */
export function prefixUpperBound(prefix: Buffer): Buffer | null {
  let i = prefix.length - 1;
  while (i >= 0 && prefix[i] === 0xff) i--;
  if (i < 0) return null;
  const out = Buffer.allocUnsafe(i + 1);
  prefix.copy(out, 0, 0, i + 1);
  out[i] = out[i]! + 1;
  return out;
}

export const EMPTY = Buffer.alloc(0);

/** below this many bytes a plain loop copies faster than `Buffer.copy` (whose fixed cost is ~100 ns) */
const SMALL_COPY = 32;

/** copies `src[start, end)` to `dst` at `at` (no view made of `src`) */
export function copyBytes(src: Buffer, start: number, end: number, dst: Buffer, at: number): void {
  if (end - start > SMALL_COPY) {
    src.copy(dst, at, start, end);
    return;
  }
  for (let i = start; i < end; i++) dst[at++] = src[i]!;
}

export function writeLong(buf: Buffer, offset: number, value: number): void {
  const hi = Math.floor(value / 0x1_0000_0000);
  buf.writeInt32BE(hi, offset);
  buf.writeUInt32BE(value - hi * 0x1_0000_0000, offset + 4);
}

export function readLong(buf: Buffer, offset: number): number {
  // two 32-bit halves are faster than BigInt for the common safe-integer range
  const hi = buf.readInt32BE(offset);
  const lo = buf.readUInt32BE(offset + 4);
  return hi * 0x1_0000_0000 + lo;
}
