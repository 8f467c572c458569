import { MalformedMessageError } from './protocol-errors.js';
import type { UnknownTaggedField } from './tagged-field.js';
import { uuidFromBytes } from './uuid.js';

/**
 * Big-endian cursor over a Buffer for the Kafka wire format. Every read checks the remaining bytes and
 * throws `MalformedMessageError` on truncated or malformed input; lengths are checked against the
 * remaining bytes before anything is allocated. Bytes and records are returned as zero-copy views.
 */
export class Reader {
  readonly buf: Buffer;
  offset: number;
  readonly end: number;

  constructor(buf: Buffer, offset = 0, end = buf.length) {
    this.buf = buf;
    this.offset = offset;
    this.end = end;
  }

  get remaining(): number {
    return this.end - this.offset;
  }

  /** Throws unless `n` more bytes are available. */
  need(n: number): void {
    if (this.offset + n > this.end) {
      throw new MalformedMessageError(`truncated input: need ${n} bytes, ${this.end - this.offset} left`, this.offset);
    }
  }

  fail(message: string): MalformedMessageError {
    return new MalformedMessageError(message, this.offset);
  }

  int8(): number {
    this.need(1);
    return this.buf.readInt8(this.offset++);
  }

  int16(): number {
    this.need(2);
    const v = this.buf.readInt16BE(this.offset);
    this.offset += 2;
    return v;
  }

  int32(): number {
    this.need(4);
    const v = this.buf.readInt32BE(this.offset);
    this.offset += 4;
    return v;
  }

  int64(): bigint {
    this.need(8);
    const v = this.buf.readBigInt64BE(this.offset);
    this.offset += 8;
    return v;
  }

  uint8(): number {
    this.need(1);
    return this.buf[this.offset++]!;
  }

  uint16(): number {
    this.need(2);
    const v = this.buf.readUInt16BE(this.offset);
    this.offset += 2;
    return v;
  }

  uint32(): number {
    this.need(4);
    const v = this.buf.readUInt32BE(this.offset);
    this.offset += 4;
    return v;
  }

  float64(): number {
    this.need(8);
    const v = this.buf.readDoubleBE(this.offset);
    this.offset += 8;
    return v;
  }

  /** Kafka booleans: 0 is false, anything else true (as the Java client reads them). */
  bool(): boolean {
    this.need(1);
    return this.buf[this.offset++] !== 0;
  }

  /** Unsigned varint up to 2^32-1 (at most 5 bytes). */
  uvarint(): number {
    const buf = this.buf;
    let value = 0;
    let mul = 1;
    for (let i = 0; i < 5; i++) {
      if (this.offset >= this.end) throw this.fail('truncated varint');
      const b = buf[this.offset++]!;
      value += (b & 0x7f) * mul;
      if ((b & 0x80) === 0) {
        if (value > 0xffffffff) throw this.fail('varint out of range');
        return value;
      }
      mul *= 128;
    }
    throw this.fail('varint longer than 5 bytes');
  }

  uuid(): string {
    this.need(16);
    const v = uuidFromBytes(this.buf, this.offset);
    this.offset += 16;
    return v;
  }

  /** `n` raw bytes as a zero-copy view. */
  raw(n: number): Buffer {
    this.need(n);
    const v = this.buf.subarray(this.offset, this.offset + n);
    this.offset += n;
    return v;
  }

  // ---- strings

  private utf8(len: number): string {
    this.need(len);
    const s = this.buf.toString('utf8', this.offset, this.offset + len);
    this.offset += len;
    return s;
  }

  string(): string {
    const len = this.int16();
    if (len < 0) throw this.fail('null in non-nullable string');
    return this.utf8(len);
  }

  nullableString(): string | null {
    const len = this.int16();
    if (len < -1) throw this.fail(`invalid string length ${len}`);
    return len === -1 ? null : this.utf8(len);
  }

  compactString(): string {
    const len = this.uvarint() - 1;
    if (len < 0) throw this.fail('null in non-nullable compact string');
    return this.utf8(len);
  }

  compactNullableString(): string | null {
    const len = this.uvarint() - 1;
    return len === -1 ? null : this.utf8(len);
  }

  // ---- bytes (zero-copy views)

  bytes(): Buffer {
    const len = this.int32();
    if (len < 0) throw this.fail('null in non-nullable bytes');
    return this.raw(len);
  }

  nullableBytes(): Buffer | null {
    const len = this.int32();
    if (len < -1) throw this.fail(`invalid bytes length ${len}`);
    return len === -1 ? null : this.raw(len);
  }

  compactBytes(): Buffer {
    const len = this.uvarint() - 1;
    if (len < 0) throw this.fail('null in non-nullable compact bytes');
    return this.raw(len);
  }

  compactNullableBytes(): Buffer | null {
    const len = this.uvarint() - 1;
    return len === -1 ? null : this.raw(len);
  }

  // ---- arrays: the length is returned (-1 for null) after checking it against the remaining bytes

  private checkCount(n: number): number {
    if (n < -1) throw this.fail(`invalid array length ${n}`);
    // Every element takes at least one byte, so a longer count is bogus (guards huge allocations).
    if (n > this.end - this.offset) throw this.fail(`array length ${n} exceeds the ${this.end - this.offset} remaining bytes`);
    return n;
  }

  /** int32 array length; -1 means null. */
  arrayLength(): number {
    return this.checkCount(this.int32());
  }

  /** uvarint (length+1) array length; -1 means null. */
  compactArrayLength(): number {
    return this.checkCount(this.uvarint() - 1);
  }

  // ---- tagged fields

  /**
   * Reads the body of one tagged field whose payload was not recognised, as a zero-copy view.
   * Use after reading the tag; reads the size and the bytes.
   */
  unknownTaggedField(tag: number): UnknownTaggedField {
    const size = this.uvarint();
    return { tag, data: this.raw(size) };
  }

  /** Skips a whole tagged-field section (count, then tag/size/data triples). */
  skipTaggedFields(): void {
    const n = this.uvarint();
    for (let i = 0; i < n; i++) {
      this.uvarint();
      const size = this.uvarint();
      this.need(size);
      this.offset += size;
    }
  }

  /**
   * Reads the size of a known tagged field and returns the offset where its payload must end;
   * call `endTaggedField(end)` after decoding the payload.
   */
  beginTaggedField(): number {
    const size = this.uvarint();
    this.need(size);
    return this.offset + size;
  }

  /** Checks a known tagged field's payload did not overrun its size, and skips any bytes left over. */
  endTaggedField(end: number): void {
    if (this.offset > end) throw this.fail('tagged field overran its size');
    this.offset = end;
  }
}
