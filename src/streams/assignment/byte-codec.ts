// Minimal big-endian writer/reader for the streams assignor's userData (subscription and assignment info).
import { AssignmentError } from './errors.js';

export class ByteWriter {
  private buf = Buffer.allocUnsafe(256);
  private pos = 0;

  private ensure(n: number): void {
    if (this.pos + n <= this.buf.length) return;
    const next = Buffer.allocUnsafe(Math.max(this.buf.length * 2, this.pos + n));
    this.buf.copy(next, 0, 0, this.pos);
    this.buf = next;
  }

  int8(v: number): this {
    this.ensure(1);
    this.pos = this.buf.writeInt8(v, this.pos);
    return this;
  }

  int32(v: number): this {
    this.ensure(4);
    this.pos = this.buf.writeInt32BE(v, this.pos);
    return this;
  }

  int64(v: number): this {
    this.ensure(8);
    this.pos = this.buf.writeBigInt64BE(BigInt(v), this.pos);
    return this;
  }

  string(v: string): this {
    const len = Buffer.byteLength(v);
    this.ensure(2 + len);
    this.pos = this.buf.writeInt16BE(len, this.pos);
    this.pos += this.buf.write(v, this.pos);
    return this;
  }

  bytes(v: Buffer): this {
    this.ensure(v.length);
    this.pos += v.copy(this.buf, this.pos);
    return this;
  }

  array<T>(items: Iterable<T>, each: (item: T) => void): this {
    const list = [...items];
    this.int32(list.length);
    for (const item of list) each(item);
    return this;
  }

  finish(): Buffer {
    return Buffer.from(this.buf.subarray(0, this.pos));
  }
}

export class ByteReader {
  private pos = 0;
  constructor(private readonly buf: Buffer) {}

  private need(n: number): void {
    if (this.pos + n > this.buf.length) {
      throw new AssignmentError('MALFORMED_USER_DATA', `userData truncated at byte ${this.pos} (needs ${n} more of ${this.buf.length})`);
    }
  }

  int8(): number {
    this.need(1);
    return this.buf.readInt8(this.pos++);
  }

  int32(): number {
    this.need(4);
    const v = this.buf.readInt32BE(this.pos);
    this.pos += 4;
    return v;
  }

  int64(): number {
    this.need(8);
    const v = this.buf.readBigInt64BE(this.pos);
    this.pos += 8;
    return Number(v);
  }

  string(): string {
    this.need(2);
    const len = this.buf.readInt16BE(this.pos);
    this.pos += 2;
    if (len < 0) throw new AssignmentError('MALFORMED_USER_DATA', `negative string length ${len}`);
    this.need(len);
    const v = this.buf.toString('utf8', this.pos, this.pos + len);
    this.pos += len;
    return v;
  }

  bytes(n: number): Buffer {
    this.need(n);
    const v = this.buf.subarray(this.pos, this.pos + n);
    this.pos += n;
    return v;
  }

  array<T>(each: () => T): T[] {
    const n = this.int32();
    if (n < 0 || n > this.buf.length) throw new AssignmentError('MALFORMED_USER_DATA', `bad array length ${n}`);
    const out: T[] = [];
    for (let i = 0; i < n; i++) out.push(each());
    return out;
  }

  get remaining(): number {
    return this.buf.length - this.pos;
  }
}
