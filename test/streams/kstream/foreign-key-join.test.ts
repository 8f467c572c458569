import { test } from 'node:test';
import assert from 'node:assert/strict';
import { StreamsBuilder } from '../../../src/streams/kstream/streams-builder.js';
import { Materialized } from '../../../src/streams/kstream/materialized.js';
import { drive, str } from './harness.js';
import { S } from './windowing-helpers.js';

const productOf = (order: string): string | null => (order.includes(':') ? order.split(':')[1]! : null);

function fkTopology(left: boolean, options: { singleLeftJoinResult?: boolean } = {}) {
  const b = new StreamsBuilder();
  const orders = b.table<string, string>('orders', { consumed: S });
  const products = b.table<string, string>('products', { consumed: S });
  const materialized = { ...Materialized.as<string, string>('enriched'), keySerde: str, valueSerde: str };
  const joiner = (o: string, p: string | null) => `${o}+${String(p)}`;
  const joined = left
    ? orders.leftJoinByForeignKey(products, productOf, joiner, { materialized, ...options })
    : orders.joinByForeignKey(products, productOf, (o: string, p: string) => `${o}+${p}`, { materialized });
  joined.toStream().to('out', S);
  return drive(b);
}

test('FK inner join: results follow updates and deletes on both sides, foreign-key changes and null foreign keys', () => {
  const run = fkTopology(false);
  run.pipe('orders', 'o1', 'apple:p1', 1); // no product yet: nothing
  run.pipe('products', 'p1', 'Fruit', 2);
  run.pipe('orders', 'o2', 'pear:p1', 3);
  run.pipe('products', 'p1', 'FRUIT', 4); // both subscribers see the update
  run.pipe('orders', 'o1', 'apple:p2', 5); // moves to a product that does not exist: result deleted
  run.pipe('products', 'p2', 'Other', 6);
  run.pipe('orders', 'o2', null, 7); // left delete
  run.pipe('products', 'p2', null, 8); // right delete
  run.pipe('orders', 'o3', 'nofk', 9); // null foreign key: dropped and counted
  assert.deepEqual(
    run.read('out').map((r) => `${r.key}=${String(r.value)}@${r.timestamp}`),
    [
      'o1=apple:p1+Fruit@2',
      'o2=pear:p1+Fruit@3',
      'o1=apple:p1+FRUIT@4',
      'o2=pear:p1+FRUIT@4',
      'o1=null@5',
      'o1=apple:p2+Other@6',
      'o2=null@7',
      'o1=null@8',
    ],
  );
  assert.equal(run.dropped() >= 1, true);
  assert.deepEqual(run.store('enriched'), []);
});

test('FK left join: rows without a match join with null; moving to another key emits twice unless singleLeftJoinResult', () => {
  const run = fkTopology(true);
  run.pipe('orders', 'o1', 'apple:p1', 1);
  run.pipe('products', 'p1', 'Fruit', 2);
  run.pipe('products', 'p2', 'Other', 3);
  run.pipe('orders', 'o1', 'apple:p2', 4);
  run.pipe('orders', 'o2', 'nofk', 5); // a null foreign key still joins (with null)
  assert.deepEqual(
    run.read('out').map((r) => `${r.key}=${String(r.value)}`),
    ['o1=apple:p1+null', 'o1=apple:p1+Fruit', 'o1=apple:p2+null', 'o1=apple:p2+Other', 'o2=nofk+null'],
  );

  const single = fkTopology(true, { singleLeftJoinResult: true });
  single.pipe('orders', 'o1', 'apple:p1', 1);
  single.pipe('products', 'p1', 'Fruit', 2);
  single.pipe('products', 'p2', 'Other', 3);
  single.pipe('orders', 'o1', 'apple:p2', 4);
  assert.deepEqual(
    single.read('out').map((r) => `${r.key}=${String(r.value)}`),
    ['o1=apple:p1+null', 'o1=apple:p1+Fruit', 'o1=apple:p2+Other'],
  );
});

test('FK join drops a stale response: the left value changed before the answer came back (hash mismatch)', () => {
  const b = new StreamsBuilder();
  // one input record becomes two updates of o1: both subscriptions are on the internal topic
  // before the first response comes back
  const orders = b
    .stream<string, string>('orders-in', S)
    .flatMapValues((v) => v.split(' '))
    .toTable({ materialized: { keySerde: str, valueSerde: str } });
  const products = b.table<string, string>('products', { consumed: S });
  orders.joinByForeignKey(products, productOf, (o: string, p: string) => `${o}+${p}`).toStream().to('out', S);
  const run = drive(b);
  run.pipe('products', 'p1', 'Fruit', 1);
  run.pipe('products', 'p2', 'Other', 2);
  const before = run.dropped();
  run.pipe('orders-in', 'o1', 'apple:p1 apple:p2', 3);
  assert.deepEqual(
    run.read('out').map((r) => `${r.key}=${String(r.value)}`),
    ['o1=apple:p2+Other'], // the answer for apple:p1 was for a value o1 no longer has
  );
  assert.equal(run.dropped() - before, 1);
});
