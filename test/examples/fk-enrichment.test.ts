// The foreign-key enrichment example, driven with no broker.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Serdes } from '../../src/index.js';
import { TopologyTestDriver } from '../../src/test-utils/index.js';
import { enrichmentTopology, ORDERS_TOPIC, PRODUCTS_TOPIC, ENRICHED_TOPIC, ENRICHED_STORE } from '../../examples/fk-enrichment.js';

for (const keepUnmatched of [false, true]) {
  test(`fk enrichment (${keepUnmatched ? 'left join' : 'inner join'}): orders follow product changes, moves and deletes`, () => {
    const config = { 'application.id': 'enrichment', 'statestore.cache.max.bytes': 0, 'default.dsl.store': 'in_memory' };
    const driver = new TopologyTestDriver(enrichmentTopology({ keepUnmatched }), config);
    try {
      const orders = driver.createInputTopic(ORDERS_TOPIC, Serdes.String(), Serdes.String());
      const products = driver.createInputTopic(PRODUCTS_TOPIC, Serdes.String(), Serdes.String());
      const out = driver.createOutputTopic(ENRICHED_TOPIC, Serdes.String(), Serdes.String());
      products.pipeInput('p1', 'Apple, 1 kg', 1);
      orders.pipeInput('o1', 'apples:p1', 2);
      orders.pipeInput('o2', 'pears:p2', 3); // product p2 unknown yet
      products.pipeInput('p2', 'Pear, 500 g', 4);
      products.pipeInput('p1', 'Apple, 2 kg', 5); // rename: o1 follows
      orders.pipeInput('o1', 'apples:p2', 6); // move to p2
      products.pipeInput('p2', null, 7); // p2 deleted
      const got = out.readKeyValuesToList().map((kv) => `${kv.key}=${String(kv.value)}`);
      const expected = keepUnmatched
        ? [
            'o1=apples:p1 (Apple, 1 kg)',
            'o2=pears:p2 (unknown product)',
            'o2=pears:p2 (Pear, 500 g)',
            'o1=apples:p1 (Apple, 2 kg)',
            'o1=apples:p2 (Pear, 500 g)',
            // subscribers of a deleted product, in key order
            'o1=apples:p2 (unknown product)',
            'o2=pears:p2 (unknown product)',
          ]
        : ['o1=apples:p1 (Apple, 1 kg)', 'o2=pears:p2 (Pear, 500 g)', 'o1=apples:p1 (Apple, 2 kg)', 'o1=apples:p2 (Pear, 500 g)', 'o1=null', 'o2=null'];
      assert.deepEqual(got, expected);
      const store = driver.getTimestampedKeyValueStore<string, string>(ENRICHED_STORE)!;
      assert.equal(store.get('o1')?.value ?? null, keepUnmatched ? 'apples:p2 (unknown product)' : null);
    } finally {
      driver.close();
    }
  });
}
