import { EncodeError } from './protocol-errors.js';
import type { UnknownTaggedField } from './tagged-field.js';
import { uuidToBytes } from './uuid.js';

const INITIAL_CAPACITY = 256;

/** Number of bytes an unsigned varint of `value` (0 .. 2^32-1) takes. */
export function uvarintSize(value: number): number {
  if (value < 0x80) return 1;
  if (value < 0x4000) return 2;
  if (value < 0x200000) return 3;
  if (value < 0x10000000) return 4;
  return 5;
}

/**
 * Growable big-endian output buffer for the Kafka wire format. One Buffer that doubles when full;
 * `finish()` returns a view of the written bytes without copying. Length prefixes can be reserved and
 * patched afterwards (`reserveInt32` / `patchInt32`), and variable-size sections can be prefixed with
 * their uvarint length after the fact (`beginSized` / `endSized`, used for tagged fields).
 */
export class Writer {
  private buf: Buffer;
  private pos = 0;

  constructor(initialCapacity = INITIAL_CAPACITY) {
    this.buf = Buffer.allocUnsafe(Math.max(16, initialCapacity));
  }

  /** Bytes written so far. */
  get length(): number {
    return this.pos;
  }

  /** Makes room for `n` more bytes. */
  ensure(n: number): void {
    const need = this.pos + n;
    if (need <= this.buf.length) return;
    let cap = this.buf.length * 2;
    while (cap < need) cap *= 2;
    const next = Buffer.allocUnsafe(cap);
    this.buf.copy(next, 0, 0, this.pos);
    this.buf = next;
  }

  /** The written bytes, as a view of the internal buffer (no copy). Do not write after this. */
  finish(): Buffer {
    return this.buf.subarray(0, this.pos);
  }

  /** Forgets everything written; keeps the allocated capacity for reuse. */
  reset(): void {
    this.pos = 0;
  }

  int8(v: number): void {
    this.ensure(1);
    this.pos = this.buf.writeInt8(v, this.pos);
  }

  int16(v: number): void {
    this.ensure(2);
    this.pos = this.buf.writeInt16BE(v, this.pos);
  }

  int32(v: number): void {
    this.ensure(4);
    this.pos = this.buf.writeInt32BE(v, this.pos);
  }

  int64(v: bigint): void {
    this.ensure(8);
    this.pos = this.buf.writeBigInt64BE(v, this.pos);
  }

  uint8(v: number): void {
    this.ensure(1);
    this.pos = this.buf.writeUInt8(v, this.pos);
  }

  uint16(v: number): void {
    this.ensure(2);
    this.pos = this.buf.writeUInt16BE(v, this.pos);
  }

  uint32(v: number): void {
    this.ensure(4);
    this.pos = this.buf.writeUInt32BE(v, this.pos);
  }

  float64(v: number): void {
    this.ensure(8);
    this.pos = this.buf.writeDoubleBE(v, this.pos);
  }

  bool(v: boolean): void {
    this.ensure(1);
    this.buf[this.pos++] = v ? 1 : 0;
  }

  /** Unsigned varint (protobuf style, 7 bits per byte), 0 .. 2^32-1. */
  uvarint(v: number): void {
    if (!Number.isInteger(v) || v < 0 || v > 0xffffffff) throw new EncodeError(`uvarint out of range: ${v}`);
    this.ensure(5);
    const buf = this.buf;
    let pos = this.pos;
    while (v >= 0x80) {
      buf[pos++] = (v & 0x7f) | 0x80;
      v = Math.floor(v / 128);
    }
    buf[pos++] = v;
    this.pos = pos;
  }

  uuid(v: string): void {
    this.ensure(16);
    uuidToBytes(v, this.buf, this.pos);
    this.pos += 16;
  }

  /** Appends raw bytes. */
  raw(bytes: Uint8Array): void {
    this.ensure(bytes.length);
    this.buf.set(bytes, this.pos);
    this.pos += bytes.length;
  }

  // ---- strings: int16 length (or uvarint length+1 when compact), UTF-8 bytes

  string(v: string): void {
    const len = Buffer.byteLength(v, 'utf8');
    if (len > 0x7fff) throw new EncodeError(`string too long for int16 length: ${len} bytes`);
    this.ensure(2 + len);
    this.pos = this.buf.writeInt16BE(len, this.pos);
    this.pos += this.buf.write(v, this.pos, len, 'utf8');
  }

  nullableString(v: string | null): void {
    if (v === null) this.int16(-1);
    else this.string(v);
  }

  compactString(v: string): void {
    const len = Buffer.byteLength(v, 'utf8');
    this.uvarint(len + 1);
    this.ensure(len);
    this.pos += this.buf.write(v, this.pos, len, 'utf8');
  }

  compactNullableString(v: string | null): void {
    if (v === null) this.uvarint(0);
    else this.compactString(v);
  }

  // ---- bytes: int32 length (or uvarint length+1 when compact)

  bytes(v: Uint8Array): void {
    this.int32(v.length);
    this.raw(v);
  }

  nullableBytes(v: Uint8Array | null): void {
    if (v === null) this.int32(-1);
    else this.bytes(v);
  }

  compactBytes(v: Uint8Array): void {
    this.uvarint(v.length + 1);
    this.raw(v);
  }

  compactNullableBytes(v: Uint8Array | null): void {
    if (v === null) this.uvarint(0);
    else this.compactBytes(v);
  }

  /** Null string marker: int16 -1, or uvarint 0 when compact. */
  nullString(compact: boolean): void {
    if (compact) this.uvarint(0);
    else this.int16(-1);
  }

  /** Null bytes marker: int32 -1, or uvarint 0 when compact. */
  nullBytes(compact: boolean): void {
    if (compact) this.uvarint(0);
    else this.int32(-1);
  }

  // ---- array lengths (the elements are written by the caller)

  arrayLength(n: number): void {
    this.int32(n);
  }

  compactArrayLength(n: number): void {
    this.uvarint(n + 1);
  }

  /** Null array marker: int32 -1, or uvarint 0 when compact. */
  nullArray(compact: boolean): void {
    if (compact) this.uvarint(0);
    else this.int32(-1);
  }

  // ---- length prefixes and sized sections

  /** Reserves 4 bytes (e.g. a size prefix) and returns their offset, for `patchInt32`. */
  reserveInt32(): number {
    this.ensure(4);
    const at = this.pos;
    this.pos += 4;
    return at;
  }

  patchInt32(at: number, v: number): void {
    this.buf.writeInt32BE(v, at);
  }

  /** Starts a section whose byte length will be written before it as a uvarint (see `endSized`). */
  beginSized(): number {
    return this.pos;
  }

  /** Inserts the uvarint byte length of everything written since `beginSized()` returned `start`. */
  endSized(start: number): void {
    const len = this.pos - start;
    const prefix = uvarintSize(len);
    this.ensure(prefix);
    this.buf.copyWithin(start + prefix, start, this.pos);
    const end = this.pos + prefix;
    this.pos = start;
    this.uvarint(len);
    this.pos = end;
  }

  /** Writes `tag`, then the size-prefixed bytes written by `writeValue`. */
  taggedField(tag: number, writeValue: (w: Writer) => void): void {
    this.uvarint(tag);
    const start = this.beginSized();
    writeValue(this);
    this.endSized(start);
  }

  /** Writes previously decoded unknown tagged fields verbatim (tag, size, data). */
  unknownTaggedFields(fields: readonly UnknownTaggedField[]): void {
    for (const f of fields) {
      this.uvarint(f.tag);
      this.uvarint(f.data.length);
      this.raw(f.data);
    }
  }

  /** A tagged-field section holding only `fields` (count, then each field); count 0 when undefined. */
  rawTaggedFields(fields: readonly UnknownTaggedField[] | undefined): void {
    if (fields === undefined) {
      this.emptyTaggedFields();
      return;
    }
    this.uvarint(fields.length);
    this.unknownTaggedFields(fields);
  }

  /** An empty tagged-field section (count 0). */
  emptyTaggedFields(): void {
    this.ensure(1);
    this.buf[this.pos++] = 0;
  }
}
