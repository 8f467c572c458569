import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Serdes, WindowedSerdes, Windowed, TimeWindow, SessionWindow, SerializationError } from '../../../src/index.js';
import type { Serde } from '../../../src/index.js';

const hex = (b: Buffer | null): string | null => (b === null ? null : b.toString('hex'));
const roundTrip = <T>(serde: Serde<T>, v: T): T | null => serde.deserialize('t', serde.serialize('t', v));

// Expected bytes are what Java's org.apache.kafka.common.serialization serializers produce.
test('Long is 8 bytes big-endian two\'s complement', () => {
  const s = Serdes.Long();
  assert.equal(hex(s.serialize('t', 1)), '0000000000000001');
  assert.equal(hex(s.serialize('t', -1)), 'ffffffffffffffff');
  assert.equal(hex(s.serialize('t', 256)), '0000000000000100');
  assert.equal(hex(s.serialize('t', Number.MAX_SAFE_INTEGER)), '001fffffffffffff');
  assert.equal(hex(s.serialize('t', -(2 ** 40))), 'ffffff0000000000');
  for (const v of [0, 1, -1, 2 ** 32, -(2 ** 32) - 5, Number.MAX_SAFE_INTEGER, Number.MIN_SAFE_INTEGER]) assert.equal(roundTrip(s, v), v);
  assert.throws(() => s.serialize('t', 2 ** 53), SerializationError);
  assert.throws(() => s.serialize('t', 1.5), SerializationError);
  assert.throws(() => s.deserialize('t', Buffer.from('7fffffffffffffff', 'hex')), SerializationError);
  assert.throws(() => s.deserialize('t', Buffer.alloc(4)), /not 8/);
});

test('LongAsBigInt covers the whole Java long range', () => {
  const s = Serdes.LongAsBigInt();
  assert.equal(hex(s.serialize('t', 9223372036854775807n)), '7fffffffffffffff');
  assert.equal(hex(s.serialize('t', -9223372036854775808n)), '8000000000000000');
  assert.equal(roundTrip(s, -42n), -42n);
  assert.throws(() => s.serialize('t', 1n << 63n), SerializationError);
});

test('Integer and Short are 4 and 2 bytes big-endian', () => {
  assert.equal(hex(Serdes.Integer().serialize('t', 1)), '00000001');
  assert.equal(hex(Serdes.Integer().serialize('t', -2)), 'fffffffe');
  assert.equal(roundTrip(Serdes.Integer(), -2147483648), -2147483648);
  assert.throws(() => Serdes.Integer().serialize('t', 2 ** 31), SerializationError);
  assert.equal(hex(Serdes.Short().serialize('t', 258)), '0102');
  assert.equal(roundTrip(Serdes.Short(), -32768), -32768);
  assert.throws(() => Serdes.Short().deserialize('t', Buffer.alloc(3)), /not 2/);
});

test('Float and Double are IEEE 754 big-endian', () => {
  assert.equal(hex(Serdes.Double().serialize('t', 1.0)), '3ff0000000000000');
  assert.equal(hex(Serdes.Double().serialize('t', -2.5)), 'c004000000000000');
  assert.equal(hex(Serdes.Float().serialize('t', 1.0)), '3f800000');
  assert.equal(hex(Serdes.Float().serialize('t', 0.1)), '3dcccccd');
  assert.equal(roundTrip(Serdes.Double(), Math.PI), Math.PI);
  assert.equal(roundTrip(Serdes.Float(), 0.5), 0.5);
  assert.ok(Number.isNaN(roundTrip(Serdes.Double(), NaN)));
});

test('String is UTF-8; Boolean one byte; UUID its text; Void nothing', () => {
  assert.equal(hex(Serdes.String().serialize('t', 'hé')), '68c3a9');
  assert.equal(roundTrip(Serdes.String(), 'ünïcødé ✓'), 'ünïcødé ✓');
  assert.equal(hex(Serdes.Boolean().serialize('t', true)), '01');
  assert.equal(hex(Serdes.Boolean().serialize('t', false)), '00');
  assert.throws(() => Serdes.Boolean().deserialize('t', Buffer.from([2])), /Unexpected byte/);
  const uuid = '123E4567-E89B-12D3-A456-426614174000';
  assert.equal(Serdes.UUID().serialize('t', uuid)!.toString(), uuid.toLowerCase());
  assert.equal(roundTrip(Serdes.UUID(), uuid), uuid.toLowerCase());
  assert.throws(() => Serdes.UUID().serialize('t', 'not-a-uuid'), SerializationError);
  assert.equal(Serdes.Void().serialize('t', null), null);
  assert.throws(() => Serdes.Void().deserialize('t', Buffer.from([1])), /should be null/);
});

test('null stays null in every serde', () => {
  for (const s of [Serdes.String(), Serdes.Long(), Serdes.Integer(), Serdes.Short(), Serdes.Float(), Serdes.Double(), Serdes.Boolean(), Serdes.UUID(), Serdes.Buffer(), Serdes.Json()] as Serde<unknown>[]) {
    assert.equal(s.serialize('t', null), null);
    assert.equal(s.deserialize('t', null), null);
  }
});

test('Buffer passes bytes through without copying', () => {
  const b = Buffer.from([1, 2, 3]);
  assert.equal(Serdes.Buffer().serialize('t', b), b);
  assert.equal(Serdes.Bytes().deserialize('t', b), b);
});

test('Json is typed JSON text with optional validation', () => {
  interface Point { x: number; y: number }
  const isPoint = (v: unknown): v is Point => typeof v === 'object' && v !== null && 'x' in v && 'y' in v;
  const s = Serdes.Json<Point>({ validate: isPoint });
  assert.equal(s.serialize('t', { x: 1, y: 2 })!.toString(), '{"x":1,"y":2}');
  assert.deepEqual(s.deserialize('t', Buffer.from('{"x":3,"y":4}')), { x: 3, y: 4 });
  assert.throws(() => s.deserialize('t', Buffer.from('{"x":3}')), /failed validation/);
  assert.throws(() => s.deserialize('t', Buffer.from('{')), /invalid JSON/);
});

test('Serdes.from pairs a serializer with a deserializer', () => {
  const s = Serdes.from<number>(
    { serialize: (_t, d) => (d === null ? null : Buffer.from(String(d))) },
    { deserialize: (_t, b) => (b === null ? null : Number(b.toString())) },
  );
  assert.equal(roundTrip(s, 42), 42);
});

test('time-windowed keys are <key><start: 8 bytes> as in WindowKeySchema', () => {
  const serde = WindowedSerdes.timeWindowedSerdeFrom(Serdes.String(), 10);
  const bytes = serde.serialize('t', new Windowed('A', new TimeWindow(20, 30)));
  assert.equal(hex(bytes), '41' + '0000000000000014');
  const back = serde.deserialize('t', bytes)!;
  assert.equal(back.key, 'A');
  assert.equal(back.window.start, 20);
  assert.equal(back.window.end, 30);
  assert.ok(back.window instanceof TimeWindow);
  assert.equal(back.toString(), '[A@20/30]');
});

test('session-windowed keys are <key><end: 8 bytes><start: 8 bytes> as in SessionKeySchema', () => {
  const serde = WindowedSerdes.sessionWindowedSerdeFrom(Serdes.Long());
  const bytes = serde.serialize('t', new Windowed(1, new SessionWindow(5, 7)));
  assert.equal(hex(bytes), '0000000000000001' + '0000000000000007' + '0000000000000005');
  const back = serde.deserialize('t', bytes)!;
  assert.deepEqual([back.key, back.window.start, back.window.end], [1, 5, 7]);
  assert.ok(back.window instanceof SessionWindow);
});

test('windows reject negative starts and inverted bounds', () => {
  assert.throws(() => new TimeWindow(-1, 5), RangeError);
  assert.throws(() => new TimeWindow(5, 5), RangeError);
  assert.doesNotThrow(() => new SessionWindow(5, 5));
  assert.ok(new TimeWindow(0, 10).overlap(new TimeWindow(5, 15)));
  assert.ok(!new TimeWindow(0, 10).overlap(new TimeWindow(10, 20)));
  assert.ok(new SessionWindow(0, 10).overlap(new SessionWindow(10, 20)));
});
