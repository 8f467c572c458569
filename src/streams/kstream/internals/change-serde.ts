import type { Serde } from '../../serdes/serde.js';
import type { Headers } from '../../processor/headers.js';
import { Change } from './change.js';

// Byte layout of Kafka Streams' ChangedSerializer, so kstreams and JVM apps can share the topic:
//   {old}{0}  |  {new}{1}  |  {zigzag varint newLength}{new}{old}{2}
//   flags 3..5 are the same with an isLatest byte before the flag (read only).

function writeZigzagVarint(value: number, out: number[]): void {
  let v = ((value << 1) ^ (value >> 31)) >>> 0;
  while ((v & ~0x7f) !== 0) {
    out.push((v & 0x7f) | 0x80);
    v >>>= 7;
  }
  out.push(v);
}

function readZigzagVarint(buf: Buffer, offset: number): { value: number; next: number } {
  let raw = 0;
  let shift = 0;
  let i = offset;
  for (;;) {
    const b = buf[i++]!;
    raw |= (b & 0x7f) << shift;
    if ((b & 0x80) === 0) break;
    shift += 7;
    if (shift > 28) throw new RangeError('varint too long in Change encoding');
  }
  raw >>>= 0;
  return { value: (raw >>> 1) ^ -(raw & 1), next: i };
}

/** Serde for `Change<V>` on a table-grouping repartition topic. */
export class ChangeSerde<V> implements Serde<Change<V>> {
  constructor(private readonly inner: () => Serde<V>) {}

  serialize(topic: string, data: Change<V> | null, headers?: Headers): Buffer | null {
    if (data === null) return null;
    const inner = this.inner();
    const newBytes = data.newValue !== null ? inner.serialize(topic, data.newValue, headers) : null;
    const oldBytes = data.oldValue !== null ? inner.serialize(topic, data.oldValue, headers) : null;
    if (newBytes && oldBytes) {
      const prefix: number[] = [];
      writeZigzagVarint(newBytes.length, prefix);
      return Buffer.concat([Buffer.from(prefix), newBytes, oldBytes, Buffer.of(2)]);
    }
    if (newBytes) return Buffer.concat([newBytes, Buffer.of(1)]);
    if (oldBytes) return Buffer.concat([oldBytes, Buffer.of(0)]);
    throw new Error('a Change with neither new nor old value cannot be serialized');
  }

  deserialize(topic: string, data: Buffer | null, headers?: Headers): Change<V> | null {
    if (data === null) return null;
    const inner = this.inner();
    const flag = data[data.length - 1]!;
    const withLatest = flag >= 3;
    const end = data.length - 1 - (withLatest ? 1 : 0);
    const isLatest = withLatest ? data[end] !== 0 : true;
    let newBytes: Buffer | null = null;
    let oldBytes: Buffer | null = null;
    switch (flag % 3) {
      case 0:
        oldBytes = data.subarray(0, end);
        break;
      case 1:
        newBytes = data.subarray(0, end);
        break;
      default: {
        const { value: newLength, next } = readZigzagVarint(data, 0);
        newBytes = data.subarray(next, next + newLength);
        oldBytes = data.subarray(next + newLength, end);
      }
    }
    if (flag > 5) throw new Error(`unknown Change encoding flag ${flag}`);
    return new Change<V>(
      newBytes ? inner.deserialize(topic, newBytes, headers) : null,
      oldBytes ? inner.deserialize(topic, oldBytes, headers) : null,
      isLatest,
    );
  }
}
