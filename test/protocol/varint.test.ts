import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  readUnsignedVarint,
  readVarint,
  readVarlong,
  sizeOfUnsignedVarint,
  sizeOfVarint,
  sizeOfVarlong,
  VarintError,
  writeUnsignedVarint,
  writeVarint,
  writeVarlong,
} from '../../src/protocol/varint.js';

function bytes(...b: number[]): Buffer {
  return Buffer.from(b);
}

test('varint: known encodings from the Kafka/protobuf spec', () => {
  // zig-zag: 0 -> 0, -1 -> 1, 1 -> 2, -2 -> 3, 63 -> 126, -64 -> 127, 64 -> 128 (two bytes)
  const cases: [number, number[]][] = [
    [0, [0x00]],
    [-1, [0x01]],
    [1, [0x02]],
    [-2, [0x03]],
    [63, [0x7e]],
    [-64, [0x7f]],
    [64, [0x80, 0x01]],
    [300, [0xd8, 0x04]],
    [2147483647, [0xfe, 0xff, 0xff, 0xff, 0x0f]],
    [-2147483648, [0xff, 0xff, 0xff, 0xff, 0x0f]],
  ];
  for (const [value, encoded] of cases) {
    const buf = Buffer.alloc(8);
    const end = writeVarint(buf, 1, value);
    assert.deepEqual([...buf.subarray(1, end)], encoded, `encode ${value}`);
    assert.equal(sizeOfVarint(value), encoded.length);
    const cursor = { offset: 1 };
    assert.equal(readVarint(buf, cursor), value, `decode ${value}`);
    assert.equal(cursor.offset, end);
  }
});

test('unsigned varint: boundaries round-trip and sizes', () => {
  for (const value of [0, 1, 127, 128, 16383, 16384, 2097151, 2097152, 268435455, 268435456, 0xffffffff]) {
    const buf = Buffer.alloc(6);
    const end = writeUnsignedVarint(buf, 0, value);
    assert.equal(end, sizeOfUnsignedVarint(value));
    const cursor = { offset: 0 };
    assert.equal(readUnsignedVarint(buf, cursor), value);
    assert.equal(cursor.offset, end);
  }
  assert.deepEqual([...bytes(0xac, 0x02)], (() => { const b = Buffer.alloc(2); writeUnsignedVarint(b, 0, 300); return [...b]; })());
});

test('varlong: round-trips across the safe-integer range, matching BigInt zig-zag', () => {
  const values = [
    0, 1, -1, 63, -64, 64, 2 ** 27 - 1, -(2 ** 27), 2 ** 27, -(2 ** 27) - 1, 2 ** 31, -(2 ** 31) - 1, 1_700_000_000_000,
    -1_700_000_000_000, 2 ** 52, -(2 ** 52), Number.MAX_SAFE_INTEGER, Number.MIN_SAFE_INTEGER,
  ];
  let seed = 12345;
  for (let i = 0; i < 2000; i++) {
    seed = (seed * 1103515245 + 12345) >>> 0;
    const magnitude = 2 ** ((seed % 53) + 1);
    values.push(Math.floor(((seed / 0xffffffff) * 2 - 1) * magnitude));
  }
  for (const value of values) {
    const buf = Buffer.alloc(12);
    const end = writeVarlong(buf, 0, value);
    // Reference encoding via BigInt.
    const v = BigInt(value);
    let u = BigInt.asUintN(64, (v << 1n) ^ (v >> 63n));
    const ref: number[] = [];
    while (u >= 0x80n) {
      ref.push(Number(u & 0x7fn) | 0x80);
      u >>= 7n;
    }
    ref.push(Number(u));
    assert.deepEqual([...buf.subarray(0, end)], ref, `encode ${value}`);
    assert.equal(sizeOfVarlong(value), ref.length, `size ${value}`);
    const cursor = { offset: 0 };
    assert.equal(readVarlong(buf, cursor), value, `decode ${value}`);
    assert.equal(cursor.offset, end);
  }
});

test('varlong: full 64-bit values outside the safe range are rejected, not rounded', () => {
  // zig-zag(2^62) = 2^63: 10 bytes
  const buf = bytes(0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x01);
  assert.throws(() => readVarlong(buf, { offset: 0 }), (e: unknown) => e instanceof VarintError && e.code === 'VARINT_OUT_OF_RANGE');
  assert.throws(() => writeVarlong(Buffer.alloc(12), 0, 2 ** 60), VarintError);
});

test('truncated and over-long varints throw typed errors', () => {
  for (const read of [readVarint, readUnsignedVarint, readVarlong]) {
    assert.throws(() => read(bytes(), { offset: 0 }), (e: unknown) => e instanceof VarintError && e.code === 'VARINT_TRUNCATED');
    assert.throws(() => read(bytes(0x80, 0x80), { offset: 0 }), (e: unknown) => e instanceof VarintError && e.code === 'VARINT_TRUNCATED');
  }
  assert.throws(() => readVarint(bytes(0xff, 0xff, 0xff, 0xff, 0xff, 0x01), { offset: 0 }), (e: unknown) => e instanceof VarintError && e.code === 'VARINT_TOO_LONG');
  assert.throws(
    () => readVarlong(Buffer.alloc(11, 0xff), { offset: 0 }),
    (e: unknown) => e instanceof VarintError && e.code === 'VARINT_TOO_LONG',
  );
});
