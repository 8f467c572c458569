// Drives a DSL topology in tests: pipe string records in, read typed records out, read stores.
// Bound to the conformance harness's engine; it moves to the TopologyTestDriver when core lands.
import type { Serde, Deserializer } from '../../../src/streams/serdes/serde.js';
import type { StreamsBuilder } from '../../../src/streams/kstream/streams-builder.js';
import { MiniEngine } from '../../../scripts/conformance/dev/mini-engine.js';
import { builtInDslStoreSuppliers } from '../../../src/streams/kstream/internals/dsl-stores.js';
import { droppedRecords } from '../../../src/streams/kstream/internals/processors/dropped-records.js';
import type { TimestampedKeyValueStore } from '../../../src/state/key-value-store.js';

export const str: Serde<string> = {
  serialize: (_t, d) => (d === null || d === undefined ? null : Buffer.from(d)),
  deserialize: (_t, d) => (d === null ? null : d.toString()),
};

export const long: Serde<number> = {
  serialize: (_t, d) => {
    if (d === null || d === undefined) return null;
    const b = Buffer.alloc(8);
    b.writeBigInt64BE(BigInt(d));
    return b;
  },
  deserialize: (_t, d) => (d === null ? null : Number(d.readBigInt64BE(0))),
};

export interface OutRecord<V> {
  key: string | null;
  value: V | null;
  timestamp: number;
}

export interface TestRun {
  pipe(topic: string, key: string | null, value: string | null, timestamp: number): void;
  /** drains what was written to `topic` since the last read */
  read<V = string>(topic: string, valueDeserializer?: Deserializer<V>): OutRecord<V>[];
  store<V = string>(name: string): { key: string; value: V; timestamp: number }[];
  dropped(): number;
}

let runs = 0;

export function drive(builder: StreamsBuilder, options: { optimization?: string; cacheMaxBytes?: number; storeType?: 'in_memory' | 'rocksdb' } = {}): TestRun {
  const engine = new MiniEngine();
  const real = builtInDslStoreSuppliers({ keySerde: str as Serde<unknown>, valueSerde: str as Serde<unknown> });
  engine.storeSuppliers = (r) => real({ ...r, storeType: options.storeType ?? 'in_memory' });
  builder.writeTo(engine, { 'topology.optimization': options.optimization, defaultValueSerde: str as Serde<unknown> });
  const appId = `test-${++runs}`;
  engine.init({ 'statestore.cache.max.bytes': options.cacheMaxBytes ?? 0 }, '', appId);
  let readUpTo = 0;
  const pending: { topic: string; key: Buffer | null; value: Buffer | null; ts: number }[] = [];
  return {
    pipe(topic, key, value, timestamp) {
      engine.pipe(topic, str.serialize(topic, key), str.serialize(topic, value), timestamp);
    },
    read<V>(topic: string, valueDeserializer?: Deserializer<V>) {
      pending.push(...engine.outputs.slice(readUpTo));
      readUpTo = engine.outputs.length;
      const mine = pending.filter((o) => o.topic === topic);
      const rest = pending.filter((o) => o.topic !== topic);
      pending.length = 0;
      pending.push(...rest);
      const des = (valueDeserializer ?? str) as Deserializer<V>;
      return mine.map((o) => ({ key: str.deserialize(topic, o.key), value: des.deserialize(topic, o.value), timestamp: o.ts }));
    },
    store<V>(name: string) {
      const s = engine.stores.get(name) as unknown as TimestampedKeyValueStore<string, V>;
      return [...s.all()].map((e) => ({ key: e.key, value: e.value.value, timestamp: e.value.timestamp }));
    },
    dropped: () => droppedRecords(appId, '0_0').total,
  };
}
