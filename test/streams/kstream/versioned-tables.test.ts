import { test } from 'node:test';
import assert from 'node:assert/strict';
import { StreamsBuilder } from '../../../src/streams/kstream/streams-builder.js';
import { Materialized } from '../../../src/streams/kstream/materialized.js';
import type { VersionedKeyValueStore } from '../../../src/state/versioned-key-value-store.js';
import { drive, str } from './harness.js';
import { S } from './windowing-helpers.js';

function pricedOrders(versioned: boolean) {
  const b = new StreamsBuilder();
  const prices = b.table<string, string>('prices', {
    consumed: S,
    materialized: { ...(versioned ? Materialized.asVersioned<string, string>('prices-store', 100) : Materialized.as<string, string>('prices-store')), keySerde: str, valueSerde: str },
  });
  b.stream<string, string>('orders', S)
    .join(prices, (order, price) => `${order}@${price}`, { keySerde: str, valueSerde: str, otherValueSerde: str })
    .to('out', S);
  prices.toStream().to('price-updates', S);
  return drive(b);
}

test('stream-table join on a versioned table reads the price valid at the order time; out-of-order updates land in the history', () => {
  const run = pricedOrders(true);
  run.pipe('prices', 'p', '10', 10);
  run.pipe('prices', 'p', '30', 30);
  run.pipe('prices', 'p', '20', 20); // out of order: history only, not forwarded as the latest
  run.pipe('orders', 'p', 'o1', 15);
  run.pipe('orders', 'p', 'o2', 25);
  run.pipe('orders', 'p', 'o3', 35);
  run.pipe('orders', 'p', 'o0', 5); // before the first price: no match for an inner join
  assert.deepEqual(
    run.read('out').map((r) => `${r.value}@${r.timestamp}`),
    ['o1@10@15', 'o2@20@25', 'o3@30@35'],
  );
  // the table's own updates: the out-of-order one is forwarded, flagged as not the latest
  assert.deepEqual(run.read('price-updates').map((r) => r.value), ['10', '30', '20']);
  const store = run.driver.getStateStore<VersionedKeyValueStore<string, string>>('prices-store')!;
  assert.equal(store.get('p')?.value, '30');
  assert.equal(store.get('p', 22)?.value, '20');
});

test('the same join on a plain table reads the latest value whatever the order time', () => {
  const run = pricedOrders(false);
  run.pipe('prices', 'p', '10', 10);
  run.pipe('prices', 'p', '30', 30);
  run.pipe('prices', 'p', '20', 20); // a plain table takes it as the latest
  run.pipe('orders', 'p', 'o1', 15);
  assert.deepEqual(run.read('out').map((r) => r.value), ['o1@20']);
});

test('versioned table: a delete is a version too; lookups before it see the old value', () => {
  const run = pricedOrders(true);
  run.pipe('prices', 'p', '10', 10);
  run.pipe('prices', 'p', null, 20);
  run.pipe('orders', 'p', 'late-order', 12); // the price was valid at 12
  run.pipe('orders', 'p', 'after-delete', 25);
  assert.deepEqual(run.read('out').map((r) => r.value), ['late-order@10']);
});
