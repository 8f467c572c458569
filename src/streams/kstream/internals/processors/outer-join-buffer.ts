import type { KeyValueStore } from '../../../../state/key-value-store.js';
import type { Serde } from '../../../serdes/serde.js';

/** Which join input a buffered record came from. */
export type JoinSide = 'left' | 'right';

/** A buffered, not (yet) joined record (Kafka Streams' `TimestampedKeyAndJoinSide` + `LeftOrRightValue`). */
export interface UnjoinedRecord {
  readonly key: unknown;
  readonly timestamp: number;
  readonly side: JoinSide;
  readonly value: unknown;
}

/**
 * The shared outer-join store of a left/outer stream-stream join: records that found no partner,
 * kept until their window closes. Stored as bytes in a key-value store ordered as Kafka orders it —
 * 8-byte big-endian timestamp, side byte (right 0, left 1), serialized key — each key holding a list
 * of values (several records of one key and timestamp).
 */
export class OuterJoinBuffer {
  constructor(
    private readonly store: KeyValueStore<Buffer, Buffer>,
    private readonly keySerde: Serde<unknown>,
    private readonly leftSerde: Serde<unknown>,
    private readonly rightSerde: Serde<unknown>,
    private readonly topic: string,
  ) {}

  encodeKey(key: unknown, timestamp: number, side: JoinSide): Buffer {
    const k = this.keySerde.serialize(this.topic, key) ?? Buffer.alloc(0);
    const out = Buffer.allocUnsafe(9 + k.length);
    out.writeBigInt64BE(BigInt(timestamp), 0);
    out[8] = side === 'left' ? 1 : 0;
    k.copy(out, 9);
    return out;
  }

  /** appends a value under (key, timestamp, side) */
  add(key: unknown, timestamp: number, side: JoinSide, value: unknown): void {
    const k = this.encodeKey(key, timestamp, side);
    const v = (side === 'left' ? this.leftSerde : this.rightSerde).serialize(this.topic, value) ?? Buffer.alloc(0);
    const entry = Buffer.allocUnsafe(4 + v.length);
    entry.writeUInt32BE(v.length, 0);
    v.copy(entry, 4);
    const old = this.store.get(k);
    this.store.put(k, old === null ? entry : Buffer.concat([old, entry]));
  }

  /** drops every value under the key, if any (Kafka's `putIfAbsent(key, null)` on its list store) */
  removeIfPresent(key: unknown, timestamp: number, side: JoinSide): void {
    const k = this.encodeKey(key, timestamp, side);
    if (this.store.get(k) !== null) this.store.put(k, null);
  }

  removeEncoded(encodedKey: Buffer): void {
    this.store.put(encodedKey, null);
  }

  /** every buffered key in store order, with its values decoded lazily */
  *entries(): Generator<{ encodedKey: Buffer; timestamp: number; side: JoinSide; key: unknown; values: () => unknown[] }> {
    const it = this.store.all();
    try {
      for (const { key: k, value: v } of it) {
        const side: JoinSide = k[8] === 1 ? 'left' : 'right';
        yield {
          encodedKey: k,
          timestamp: Number(k.readBigInt64BE(0)),
          side,
          key: this.keySerde.deserialize(this.topic, k.subarray(9)),
          values: () => this.decodeValues(v, side),
        };
      }
    } finally {
      it.close();
    }
  }

  private decodeValues(data: Buffer, side: JoinSide): unknown[] {
    const serde = side === 'left' ? this.leftSerde : this.rightSerde;
    const out: unknown[] = [];
    let at = 0;
    while (at < data.length) {
      const len = data.readUInt32BE(at);
      out.push(serde.deserialize(this.topic, data.subarray(at + 4, at + 4 + len)));
      at += 4 + len;
    }
    return out;
  }
}
