// The unit test the README walks through: the word count topology, driven with no broker.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Serdes } from '../../src/index.js';
import { TopologyTestDriver } from '../../src/test-utils/index.js';
import { wordCountTopology, INPUT_TOPIC, OUTPUT_TOPIC, COUNTS_STORE } from '../../examples/first-topology.js';

test('word count: one running count per word, and the store holds the totals', () => {
  const config = { 'application.id': 'word-count', 'statestore.cache.max.bytes': 0, 'default.dsl.store': 'in_memory' };
  const driver = new TopologyTestDriver(wordCountTopology(config), config);
  try {
    const lines = driver.createInputTopic(INPUT_TOPIC, Serdes.String(), Serdes.String());
    const counts = driver.createOutputTopic(OUTPUT_TOPIC, Serdes.String(), Serdes.Long());

    lines.pipeInput(null, 'Hello Kafka Streams', 1000);
    lines.pipeInput(null, 'hello kstreams', 2000);

    assert.deepEqual(counts.readKeyValuesToList(), [
      { key: 'hello', value: 1 },
      { key: 'kafka', value: 1 },
      { key: 'streams', value: 1 },
      { key: 'hello', value: 2 },
      { key: 'kstreams', value: 1 },
    ]);
    const store = driver.getTimestampedKeyValueStore<string, number>(COUNTS_STORE)!;
    assert.equal(store.get('hello')?.value, 2);
    assert.equal(store.get('hello')?.timestamp, 2000);
  } finally {
    driver.close();
  }
});
