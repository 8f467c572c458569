// Variable-length integers of the Kafka wire format.
//
// - unsigned varint: 7 bits per byte, low group first, high bit = "more bytes follow" (at most 5 bytes
//   for a uint32). Used by flexible protocol versions (compact lengths, tagged fields).
// - varint / varlong: the signed value zig-zag mapped first ((n << 1) ^ (n >> 31), the 64-bit analogue
//   for varlong), then written as an unsigned varint (at most 5 / 10 bytes). Used inside records.
//
// Reading needs two results (the value and where the next field starts). To avoid an allocation per call,
// readers take a `VarintCursor` — any object with a mutable `offset` — read at `cursor.offset`, advance
// it, and return the value. Writers take a plain offset and return the offset after what they wrote.
//
// Varlongs are JavaScript numbers: exact in the safe-integer range (|n| <= 2^53 - 1), which covers
// timestamps and offsets; a varlong outside it is rejected with a VarintError rather than rounded.

/** Anything with a mutable read position; readers advance `offset` past what they consumed. */
export interface VarintCursor {
  offset: number;
}

export type VarintErrorCode = 'VARINT_TRUNCATED' | 'VARINT_TOO_LONG' | 'VARINT_OUT_OF_RANGE';

/** Malformed variable-length integer in the input (or a value that cannot be written). */
export class VarintError extends Error {
  override readonly name = 'VarintError';
  readonly retriable = false;
  constructor(
    readonly code: VarintErrorCode,
    message: string,
  ) {
    super(message);
  }
}

function truncated(offset: number): VarintError {
  return new VarintError('VARINT_TRUNCATED', `varint runs past the end of the buffer at offset ${offset}`);
}

function tooLong(offset: number, max: number): VarintError {
  return new VarintError('VARINT_TOO_LONG', `varint at offset ${offset} is longer than ${max} bytes`);
}

/** Reads an unsigned varint of at most 32 bits (5 bytes). */
export function readUnsignedVarint(buf: Uint8Array, cursor: VarintCursor): number {
  let pos = cursor.offset;
  const end = buf.length;
  if (pos >= end) throw truncated(pos);
  let b = buf[pos++]!;
  if (b < 0x80) {
    cursor.offset = pos;
    return b;
  }
  let value = b & 0x7f;
  let shift = 7;
  while (true) {
    if (pos >= end) throw truncated(pos);
    b = buf[pos++]!;
    if (shift === 28) {
      if (b > 0x0f) throw tooLong(cursor.offset, 5);
      cursor.offset = pos;
      return (value | (b << 28)) >>> 0;
    }
    value |= (b & 0x7f) << shift;
    if (b < 0x80) {
      cursor.offset = pos;
      return value;
    }
    shift += 7;
  }
}

/** Reads a zig-zag encoded signed 32-bit varint. */
export function readVarint(buf: Uint8Array, cursor: VarintCursor): number {
  const pos = cursor.offset;
  // Fast path: one byte (lengths below 64, small deltas) — the common case inside records.
  if (pos < buf.length) {
    const b = buf[pos]!;
    if (b < 0x80) {
      cursor.offset = pos + 1;
      return (b >>> 1) ^ -(b & 1);
    }
  }
  const u = readUnsignedVarint(buf, cursor);
  return (u >>> 1) ^ -(u & 1);
}

/** Reads a zig-zag encoded signed 64-bit varlong as a number (throws outside the safe-integer range). */
export function readVarlong(buf: Uint8Array, cursor: VarintCursor): number {
  let pos = cursor.offset;
  const end = buf.length;
  if (pos >= end) throw truncated(pos);
  let b = buf[pos++]!;
  if (b < 0x80) {
    cursor.offset = pos;
    return (b >>> 1) ^ -(b & 1);
  }
  // Low 28 bits with integer arithmetic.
  let low = b & 0x7f;
  let shift = 7;
  while (shift < 28) {
    if (pos >= end) throw truncated(pos);
    b = buf[pos++]!;
    low |= (b & 0x7f) << shift;
    if (b < 0x80) {
      cursor.offset = pos;
      return (low >>> 1) ^ -(low & 1);
    }
    shift += 7;
  }
  // Bits 28..63 as a double: `high` counts units of 2^28.
  let high = 0;
  let scale = 1;
  let bytes = 4;
  do {
    if (pos >= end) throw truncated(pos);
    b = buf[pos++]!;
    bytes++;
    if (bytes === 10 && b > 0x01) throw tooLong(cursor.offset, 10);
    high += (b & 0x7f) * scale;
    scale *= 128;
  } while (b >= 0x80 && bytes < 10);
  if (b >= 0x80) throw tooLong(cursor.offset, 10);
  // value = zigzag^-1(low + high * 2^28) = ±floor(u / 2) [- 1]; computed without forming u itself.
  const half = (low >>> 1) + high * 134217728; // 2^27
  if (half > Number.MAX_SAFE_INTEGER) {
    throw new VarintError('VARINT_OUT_OF_RANGE', `varlong at offset ${cursor.offset} exceeds 2^53 - 1`);
  }
  cursor.offset = pos;
  return (low & 1) === 0 ? half : -half - 1;
}

/** Bytes an unsigned varint takes for `value` (0 <= value < 2^32). */
export function sizeOfUnsignedVarint(value: number): number {
  if (value < 0x80) return 1;
  if (value < 0x4000) return 2;
  if (value < 0x200000) return 3;
  if (value < 0x10000000) return 4;
  return 5;
}

/** Bytes a zig-zag varint takes for the signed 32-bit `value`. */
export function sizeOfVarint(value: number): number {
  return sizeOfUnsignedVarint(((value << 1) ^ (value >> 31)) >>> 0);
}

/** Bytes a zig-zag varlong takes for the safe integer `value`. */
export function sizeOfVarlong(value: number): number {
  if (value >= -0x8000000 && value < 0x8000000) return sizeOfVarint(value);
  // zig-zag magnitude u = 2|v| or 2|v| - 1; count 7-bit groups of u.
  let u = value >= 0 ? value * 2 : -value * 2 - 1;
  let n = 1;
  while (u >= 128) {
    u = Math.floor(u / 128);
    n++;
  }
  return n;
}

/** Writes an unsigned varint (0 <= value < 2^32) at `offset`; returns the offset after it. */
export function writeUnsignedVarint(buf: Uint8Array, offset: number, value: number): number {
  let v = value >>> 0;
  while (v >= 0x80) {
    buf[offset++] = (v & 0x7f) | 0x80;
    v >>>= 7;
  }
  buf[offset++] = v;
  return offset;
}

/** Writes a zig-zag varint (signed 32-bit `value`) at `offset`; returns the offset after it. */
export function writeVarint(buf: Uint8Array, offset: number, value: number): number {
  return writeUnsignedVarint(buf, offset, (value << 1) ^ (value >> 31));
}

/** Writes a zig-zag varlong (safe integer `value`) at `offset`; returns the offset after it. */
export function writeVarlong(buf: Uint8Array, offset: number, value: number): number {
  if (value >= -0x8000000 && value < 0x8000000) return writeVarint(buf, offset, value);
  if (!Number.isSafeInteger(value)) {
    throw new VarintError('VARINT_OUT_OF_RANGE', `varlong value ${value} is not a safe integer`);
  }
  // u = 2 * half + sign, emitted 7 bits at a time without forming u (it may exceed 2^53).
  const sign = value < 0 ? 1 : 0;
  let half = sign === 1 ? -value - 1 : value;
  buf[offset++] = (((half % 64) << 1) | sign) | 0x80;
  half = Math.floor(half / 64);
  while (half >= 0x80) {
    buf[offset++] = (half % 128) | 0x80;
    half = Math.floor(half / 128);
  }
  buf[offset++] = half;
  return offset;
}
