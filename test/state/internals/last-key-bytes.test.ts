import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Stores } from '../../../src/state/stores.js';
import type { Serde } from '../../../src/streams/serdes/serde.js';
import { stringSerde, testContext } from '../helpers.js';

test('a typed store serializes a key read then written once, and an object key every time', () => {
  let calls = 0;
  const counting: Serde<string> = {
    serialize: (t, d) => {
      calls++;
      return stringSerde.serialize(t, d);
    },
    deserialize: stringSerde.deserialize,
  };
  const store = Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore('s'), counting, stringSerde).withCachingEnabled().build();
  store.init(testContext(), store);
  store.get('a');
  store.put('a', '1');
  assert.equal(calls, 1);
  store.put('b', '2');
  assert.equal(store.get('a'), '1');
  assert.equal(store.get('b'), '2');
  assert.equal(calls, 4, 'a, b, then a and b again');

  // an object key may change between two calls: its bytes are made each time
  const objectKey = { id: 'x' };
  const objects = Stores.keyValueStoreBuilder(
    Stores.inMemoryKeyValueStore('o'),
    { serialize: (_t, d: { id: string } | null) => (d === null ? null : Buffer.from(d.id)), deserialize: (_t, d) => (d === null ? null : { id: d.toString() }) },
    stringSerde,
  ).build();
  objects.init(testContext(), objects);
  objects.put(objectKey, 'first');
  objectKey.id = 'y';
  objects.put(objectKey, 'second');
  assert.deepEqual(
    [...objects.all()].map((kv) => [kv.key.id, kv.value]),
    [
      ['x', 'first'],
      ['y', 'second'],
    ],
  );
});
