// Runs a vector through the TopologyTestDriver, as the Java generator ran Kafka Streams' driver:
// application.id=conformance, String default serdes, the vector's cache size (0 by default) and
// optimization setting, wall clock starting at 0.
import { TopologyTestDriver } from '../../src/test-utils/index.js';
import type { TestOutputTopic } from '../../src/test-utils/index.js';
import type { DriverFactory } from './run-vector.js';
import { longSerde, stringSerde, windowedKeyReader, type ValueType } from './interpreter.js';
import type { Deserializer } from '../../src/streams/serdes/serde.js';
import type { OutKey } from './vector.js';

export const driverFactory: DriverFactory = (built, vector) => {
  const config = {
    'application.id': 'conformance',
    'statestore.cache.max.bytes': vector.config['statestore.cache.max.bytes'] ?? 0,
    'topology.optimization': vector.config['topology.optimization'] ?? 'none',
    'default.key.serde': stringSerde,
    'default.value.serde': stringSerde,
  };
  const topology = built.builder.build(config);
  const driver = new TopologyTestDriver(topology, config, { initialWallClockTime: 0 });
  const inputs = new Map([...built.inputTopics].map((t) => [t, driver.createInputTopic(t, stringSerde, stringSerde)]));
  const outputs = new Map<string, TestOutputTopic<OutKey, string | number>>();
  const outputFor = (topic: string, type: ValueType, windowed: boolean) => {
    let out = outputs.get(topic);
    if (!out) {
      const keys: Deserializer<OutKey> = windowed ? { deserialize: (_t, d) => windowedKeyReader(d) } : stringSerde;
      out = driver.createOutputTopic<OutKey, string | number>(topic, keys, (type === 'long' ? longSerde : stringSerde) as never);
      outputs.set(topic, out);
    }
    return out;
  };
  return {
    pipe(topic, key, value, timestamp) {
      const input = inputs.get(topic);
      if (!input) throw new Error(`event pipes into ${topic}, which no stream, table or global table reads`);
      input.pipeInput(key, value, timestamp);
    },
    advanceWallClock: (ms) => driver.advanceWallClockTime(ms),
    readOutput: (topic, type, windowed) => outputFor(topic, type, windowed).readRecordsToList().map((r) => ({ key: r.key, value: r.value, timestamp: r.timestamp ?? -1 })),
    readKeyValueStore(name) {
      const store = driver.getTimestampedKeyValueStore<string, string | number>(name);
      if (!store) throw new Error(`no store ${name} in the topology`);
      const it = store.all();
      try {
        return [...it].map((e) => ({ key: e.key, value: e.value.value, timestamp: e.value.timestamp }));
      } finally {
        it.close();
      }
    },
    readWindowStore(name) {
      const store = driver.getTimestampedWindowStore<string, string | number>(name);
      if (!store) throw new Error(`no window store ${name} in the topology`);
      const it = store.all();
      try {
        return [...it]
          .map((e) => ({ key: { key: e.key.key, start: e.key.window.start, end: e.key.window.end }, value: e.value.value, timestamp: e.value.timestamp }))
          .sort((a, b) => (a.key.key < b.key.key ? -1 : a.key.key > b.key.key ? 1 : a.key.start - b.key.start || a.key.end - b.key.end));
      } finally {
        it.close();
      }
    },
    readSessionStore(name) {
      const store = driver.getSessionStore<string, string | number>(name);
      if (!store) throw new Error(`no session store ${name} in the topology`);
      const it = store.fetchKeyRange(null, null);
      try {
        return [...it]
          .map((e) => ({ key: { key: e.key.key, start: e.key.window.start, end: e.key.window.end }, value: e.value }))
          .sort((a, b) => (a.key.key < b.key.key ? -1 : a.key.key > b.key.key ? 1 : a.key.start - b.key.start || a.key.end - b.key.end));
      } finally {
        it.close();
      }
    },
    describe: () => topology.describe().toString(),
    close: () => driver.close(),
  };
};
