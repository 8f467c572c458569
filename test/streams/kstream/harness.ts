// Drives a DSL topology through the TopologyTestDriver in tests: pipe string records in, read
// typed records out (draining), read stores, count dropped records.
import { after } from 'node:test';
import type { Serde, Deserializer } from '../../../src/streams/serdes/serde.js';
import type { StreamsBuilder } from '../../../src/streams/kstream/streams-builder.js';
import { TopologyTestDriver, type TestInputTopic } from '../../../src/test-utils/index.js';
import { droppedRecords } from '../../../src/streams/kstream/internals/processors/dropped-records.js';

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
  readonly driver: TopologyTestDriver;
}

let runs = 0;
const open: TopologyTestDriver[] = [];
after(() => {
  for (const d of open.splice(0)) d.close();
});

export function drive(builder: StreamsBuilder, options: { optimization?: string; cacheMaxBytes?: number; config?: Readonly<globalThis.Record<string, unknown>> } = {}): TestRun {
  const applicationId = `dsl-test-${++runs}`;
  const config = {
    'application.id': applicationId,
    'statestore.cache.max.bytes': options.cacheMaxBytes ?? 0,
    'topology.optimization': options.optimization ?? 'none',
    'default.key.serde': str,
    'default.value.serde': str,
    'default.dsl.store': 'in_memory',
    ...options.config,
  };
  const driver = new TopologyTestDriver(builder.build(config), config, { initialWallClockTime: 0 });
  open.push(driver);
  const inputs = new Map<string, TestInputTopic<string, string>>();
  return {
    driver,
    pipe(topic, key, value, timestamp) {
      let input = inputs.get(topic);
      if (!input) inputs.set(topic, (input = driver.createInputTopic(topic, str, str)));
      input.pipeInput(key, value, timestamp);
    },
    read<V>(topic: string, valueDeserializer?: Deserializer<V>) {
      const out = driver.createOutputTopic<string, V>(topic, str, (valueDeserializer ?? str) as Deserializer<V>);
      return out.readRecordsToList().map((r) => ({ key: r.key, value: r.value, timestamp: r.timestamp ?? -1 }));
    },
    store<V>(name: string) {
      const s = driver.getTimestampedKeyValueStore<string, V>(name);
      if (!s) throw new Error(`no store ${name}`);
      return [...s.all()].map((e) => ({ key: e.key, value: e.value.value, timestamp: e.value.timestamp }));
    },
    dropped: () => droppedRecords(applicationId, '0_0').total,
  };
}
