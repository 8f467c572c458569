import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  EncodeError,
  MalformedMessageError,
  Reader,
  Writer,
  ZERO_UUID,
  uuidFromBase64,
  uuidToBase64,
  uvarintSize,
} from '../../src/protocol/index.js';

function bytesOf(write: (w: Writer) => void): Buffer {
  const w = new Writer(16);
  write(w);
  return Buffer.from(w.finish());
}

describe('Writer and Reader', () => {
  it('round-trip every fixed-size type at its limits', () => {
    const buf = bytesOf((w) => {
      w.int8(-128);
      w.int8(127);
      w.int16(-32768);
      w.int16(32767);
      w.int32(-2147483648);
      w.int32(2147483647);
      w.int64(-(2n ** 63n));
      w.int64(2n ** 63n - 1n);
      w.uint16(65535);
      w.uint32(0xffffffff);
      w.float64(-1.5e300);
      w.bool(true);
      w.bool(false);
      w.uuid('0123456789abcdef0123456789ABCDEF');
    });
    assert.equal(buf.length, 1 + 1 + 2 + 2 + 4 + 4 + 8 + 8 + 2 + 4 + 8 + 1 + 1 + 16);
    const r = new Reader(buf);
    assert.equal(r.int8(), -128);
    assert.equal(r.int8(), 127);
    assert.equal(r.int16(), -32768);
    assert.equal(r.int16(), 32767);
    assert.equal(r.int32(), -2147483648);
    assert.equal(r.int32(), 2147483647);
    assert.equal(r.int64(), -(2n ** 63n));
    assert.equal(r.int64(), 2n ** 63n - 1n);
    assert.equal(r.uint16(), 65535);
    assert.equal(r.uint32(), 0xffffffff);
    assert.equal(r.float64(), -1.5e300);
    assert.equal(r.bool(), true);
    assert.equal(r.bool(), false);
    assert.equal(r.uuid(), '01234567-89ab-cdef-0123-456789abcdef');
    assert.equal(r.remaining, 0);
  });

  it('encodes unsigned varints like protobuf, with sizes at each boundary', () => {
    const cases: [number, string][] = [
      [0, '00'],
      [1, '01'],
      [127, '7f'],
      [128, '8001'],
      [300, 'ac02'],
      [16383, 'ff7f'],
      [16384, '808001'],
      [2 ** 28, '8080808001'],
      [0xffffffff, 'ffffffff0f'],
    ];
    for (const [v, hex] of cases) {
      const b = bytesOf((w) => w.uvarint(v));
      assert.equal(b.toString('hex'), hex, `uvarint ${v}`);
      assert.equal(uvarintSize(v), b.length);
      assert.equal(new Reader(b).uvarint(), v);
    }
    assert.throws(() => new Writer().uvarint(-1), EncodeError);
    assert.throws(() => new Reader(Buffer.from('ffffffffff01', 'hex')).uvarint(), MalformedMessageError);
    assert.throws(() => new Reader(Buffer.from('ffffffff1f', 'hex')).uvarint(), MalformedMessageError, '> 2^32-1');
    assert.throws(() => new Reader(Buffer.from('80', 'hex')).uvarint(), MalformedMessageError);
  });

  it('strings, nullable and compact forms, UTF-8', () => {
    const s = 'héllo ✓';
    const buf = bytesOf((w) => {
      w.string(s);
      w.nullableString(null);
      w.compactString(s);
      w.compactNullableString(null);
      w.compactString('');
    });
    const n = Buffer.byteLength(s);
    assert.equal(buf.readInt16BE(0), n);
    assert.equal(buf.readInt16BE(2 + n), -1);
    assert.equal(buf[4 + n], n + 1);
    const r = new Reader(buf);
    assert.equal(r.string(), s);
    assert.equal(r.nullableString(), null);
    assert.equal(r.compactString(), s);
    assert.equal(r.compactNullableString(), null);
    assert.equal(r.compactString(), '');
    assert.equal(r.remaining, 0);
    assert.throws(() => new Reader(Buffer.from('ffff', 'hex')).string(), MalformedMessageError);
    assert.throws(() => new Reader(Buffer.from('00', 'hex')).compactString(), MalformedMessageError);
    assert.throws(() => new Writer().string('x'.repeat(40000)), EncodeError);
  });

  it('bytes are zero-copy views of the input', () => {
    const buf = bytesOf((w) => {
      w.bytes(Buffer.from([1, 2, 3]));
      w.nullableBytes(null);
      w.compactBytes(Buffer.from([4]));
      w.compactNullableBytes(null);
    });
    const r = new Reader(buf);
    const b = r.bytes();
    assert.deepEqual([...b], [1, 2, 3]);
    assert.equal(b.buffer, buf.buffer);
    assert.equal(b.byteOffset, buf.byteOffset + 4);
    assert.equal(r.nullableBytes(), null);
    assert.deepEqual([...r.compactBytes()], [4]);
    assert.equal(r.compactNullableBytes(), null);
  });

  it('array lengths larger than the remaining bytes are rejected before allocating', () => {
    assert.throws(() => new Reader(Buffer.from('7fffffff00', 'hex')).arrayLength(), /exceeds/);
    assert.throws(() => new Reader(Buffer.from('ffffffff0f', 'hex')).compactArrayLength(), MalformedMessageError);
    assert.throws(() => new Reader(Buffer.from('fffffffe', 'hex')).arrayLength(), /invalid array length/);
    assert.equal(new Reader(Buffer.from('ffffffff', 'hex')).arrayLength(), -1);
    assert.equal(new Reader(Buffer.from('00', 'hex')).compactArrayLength(), -1);
  });

  it('every read of truncated input throws MalformedMessageError with the offset', () => {
    const r = new Reader(Buffer.from('0001', 'hex'));
    assert.throws(
      () => r.int32(),
      (e: unknown) => e instanceof MalformedMessageError && e.code === 'MALFORMED_MESSAGE' && e.offset === 0 && !e.retriable,
    );
    assert.throws(() => new Reader(Buffer.from('00050102', 'hex')).string(), MalformedMessageError);
    assert.throws(() => new Reader(Buffer.from('0000000a01', 'hex')).bytes(), MalformedMessageError);
    assert.throws(() => new Reader(Buffer.alloc(15)).uuid(), MalformedMessageError);
    assert.throws(() => new Reader(Buffer.alloc(7)).int64(), MalformedMessageError);
  });

  it('a Reader honours an end offset inside a larger buffer', () => {
    const r = new Reader(Buffer.from('0000000100000002', 'hex'), 0, 4);
    assert.equal(r.int32(), 1);
    assert.throws(() => r.int32(), MalformedMessageError);
  });

  it('reserveInt32/patchInt32 and endSized insert length prefixes after the fact', () => {
    const w = new Writer(16);
    const at = w.reserveInt32();
    const start = w.beginSized();
    const payload = Buffer.alloc(300, 7); // needs a 2-byte uvarint prefix: bytes shift right
    w.raw(payload);
    w.endSized(start);
    w.int8(9);
    w.patchInt32(at, w.length - 4);
    const b = w.finish();
    assert.equal(b.readInt32BE(0), b.length - 4);
    const r = new Reader(b, 4);
    assert.equal(r.uvarint(), 300);
    assert.deepEqual(r.raw(300), payload);
    assert.equal(r.int8(), 9);
  });

  it('grows from a tiny buffer without losing bytes', () => {
    const w = new Writer(1);
    for (let i = 0; i < 1000; i++) w.int32(i);
    const r = new Reader(w.finish());
    for (let i = 0; i < 1000; i++) assert.equal(r.int32(), i);
  });

  it('tagged-field helpers: unknown fields kept raw, sections skipped', () => {
    const w = new Writer();
    w.rawTaggedFields([
      { tag: 3, data: Buffer.from('abc') },
      { tag: 200, data: Buffer.alloc(0) },
    ]);
    w.int8(5);
    const b = w.finish();
    assert.equal(b.toString('hex'), '0203' + '03616263' + 'c80100' + '05');
    const r = new Reader(b);
    r.skipTaggedFields();
    assert.equal(r.int8(), 5);
    const r2 = new Reader(b, 1);
    assert.equal(r2.uvarint(), 3);
    assert.deepEqual(r2.unknownTaggedField(3), { tag: 3, data: Buffer.from('abc') });
  });

  it('uuids: canonical strings, base64 as Kafka prints them, invalid input rejected', () => {
    const u = 'd1f8c1a2-0b3c-4d5e-8f90-a1b2c3d4e5f6';
    assert.equal(uuidFromBase64(uuidToBase64(u)), u);
    assert.equal(uuidToBase64(ZERO_UUID), 'AAAAAAAAAAAAAAAAAAAAAA');
    assert.throws(() => new Writer().uuid('not-a-uuid'), EncodeError);
  });
});
