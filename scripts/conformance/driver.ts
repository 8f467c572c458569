// Runs a vector through the TopologyTestDriver, as the Java generator ran Kafka Streams' driver:
// application.id=conformance, String default serdes, the vector's cache size (0 by default) and
// optimization setting, wall clock starting at 0.
import { TopologyTestDriver } from '../../src/test-utils/index.js';
import type { TestOutputTopic } from '../../src/test-utils/index.js';
import type { DriverFactory } from './run-vector.js';
import { longSerde, stringSerde, type ValueType } from './interpreter.js';
import { decodeOutputKey, type OutputKey } from './windowing.js';
import { readWindowedStore } from './windowed-store-reader.js';
import { OUTER_JOIN_EMIT_INTERVAL_CONFIG } from '../../src/streams/kstream/internals/processors/stream-stream-outer-join.js';
import type { Deserializer } from '../../src/streams/serdes/serde.js';

/** output keys: strings, or windowed keys written by the runner's sink-only serializer */
const outputKeyDeserializer: Deserializer<OutputKey> = { deserialize: (_topic, data) => decodeOutputKey(data) };

export const driverFactory: DriverFactory = (built, vector) => {
  const config = {
    'application.id': 'conformance',
    'statestore.cache.max.bytes': vector.config['statestore.cache.max.bytes'] ?? 0,
    'topology.optimization': vector.config['topology.optimization'] ?? 'none',
    'default.key.serde': stringSerde,
    'default.value.serde': stringSerde,
    // as the generator: no wall-clock throttling of left/outer stream-stream join results
    [OUTER_JOIN_EMIT_INTERVAL_CONFIG]: 0,
  };
  const topology = built.builder.build(config);
  const driver = new TopologyTestDriver(topology, config, { initialWallClockTime: 0 });
  const inputs = new Map([...built.inputTopics].map((t) => [t, driver.createInputTopic(t, stringSerde, stringSerde)]));
  const outputs = new Map<string, TestOutputTopic<OutputKey, string | number>>();
  const outputFor = (topic: string, type: ValueType) => {
    let out = outputs.get(topic);
    if (!out) {
      out = driver.createOutputTopic<OutputKey, string | number>(topic, outputKeyDeserializer, (type === 'long' ? longSerde : stringSerde) as never);
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
    readOutput: (topic, type) => outputFor(topic, type).readRecordsToList().map((r) => ({ key: r.key, value: r.value, timestamp: r.timestamp ?? -1 })),
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
    readWindowedStore: (name, kind) => readWindowedStore(driver.getStateStore(name), kind),
    describe: () => topology.describe().toString(),
    close: () => driver.close(),
  };
};
