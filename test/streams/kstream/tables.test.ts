import { test } from 'node:test';
import assert from 'node:assert/strict';
import { StreamsBuilder } from '../../../src/streams/kstream/streams-builder.js';
import { Materialized } from '../../../src/streams/kstream/materialized.js';
import { drive, str } from './harness.js';

const S = { keySerde: str, valueSerde: str };
const M = (name: string) => ({ ...Materialized.as<string, string>(name), keySerde: str, valueSerde: str });

test('table source: upserts, tombstones, null keys dropped, out-of-order updates still win', () => {
  const b = new StreamsBuilder();
  b.table<string, string>('t', { consumed: S, materialized: M('t-store') }).toStream().to('out', S);
  const run = drive(b);
  run.pipe('t', 'a', '1', 10);
  run.pipe('t', 'a', '2', 5); // older timestamp: still the latest update
  run.pipe('t', null, 'x', 6);
  run.pipe('t', 'b', '3', 7);
  run.pipe('t', 'b', null, 8);
  assert.deepEqual(run.read('out').map((r) => [r.key, r.value, r.timestamp]), [
    ['a', '1', 10],
    ['a', '2', 5],
    ['b', '3', 7],
    ['b', null, 8],
  ]);
  assert.deepEqual(run.store('t-store'), [{ key: 'a', value: '2', timestamp: 5 }]);
  assert.equal(run.dropped(), 1);
});

test('table filter: a row that stops matching is sent as a delete; materialized filter stores matches only', () => {
  const b = new StreamsBuilder();
  const t = b.table<string, string>('t', { consumed: S, materialized: M('src') });
  t.filter((_k, v) => v.startsWith('a'), { materialized: M('only-a') }).toStream().to('out', S);
  const run = drive(b);
  run.pipe('t', 'k', 'apple', 1);
  run.pipe('t', 'k', 'banana', 2); // was a match: delete downstream
  run.pipe('t', 'k', 'cherry', 3); // old and new both filtered out: nothing to send
  run.pipe('t', 'j', 'avocado', 4);
  assert.deepEqual(run.read('out').map((r) => [r.key, r.value]), [
    ['k', 'apple'],
    ['k', null],
    ['j', 'avocado'],
  ]);
  assert.deepEqual(run.store('only-a').map((e) => [e.key, e.value]), [['j', 'avocado']]);
});

test('table filter on an unmaterialized source forwards every non-match as a delete', () => {
  const b = new StreamsBuilder();
  b.table<string, string>('t', { consumed: S }).filterNot((_k, v) => v === 'drop').toStream().to('out', S);
  const run = drive(b);
  run.pipe('t', 'k', 'keep', 1);
  run.pipe('t', 'k', 'drop', 2);
  run.pipe('t', 'j', 'drop', 3);
  assert.deepEqual(run.read('out').map((r) => [r.key, r.value]), [
    ['k', 'keep'],
    ['k', null],
    ['j', null],
  ]);
});

test('table mapValues: new values mapped, deletes passed through, result materialized on request', () => {
  const b = new StreamsBuilder();
  b.table<string, string>('t', { consumed: S })
    .mapValues((v, k) => `${v}@${k}`, { materialized: M('mapped') })
    .toStream()
    .to('out', S);
  const run = drive(b);
  run.pipe('t', 'a', 'x', 1);
  run.pipe('t', 'a', null, 2);
  run.pipe('t', 'b', 'y', 3);
  assert.deepEqual(run.read('out').map((r) => [r.key, r.value, r.timestamp]), [
    ['a', 'x@a', 1],
    ['a', null, 2],
    ['b', 'y@b', 3],
  ]);
  assert.deepEqual(run.store('mapped'), [{ key: 'b', value: 'y@b', timestamp: 3 }]);
});

test('old values propagate through filter and mapValues to a table aggregation', () => {
  // groupBy needs the old value of each row: filter and mapValues on an unmaterialized source
  // must compute it, so the subtractor sees what the row contributed before
  const b = new StreamsBuilder();
  b.table<string, string>('t', { consumed: S })
    .filter((_k, v) => !v.startsWith('x'))
    .mapValues((v) => v.toUpperCase())
    .groupBy((_k, v) => ({ key: 'all', value: v }), { keySerde: str, valueSerde: str })
    .aggregate(() => '', (_k, v, agg) => `${agg}+${v}`, (_k, v, agg) => `${agg}-${v}`, { materialized: { keySerde: str, valueSerde: str } })
    .toStream()
    .to('out', S);
  const run = drive(b);
  run.pipe('t', 'a', 'p', 1);
  run.pipe('t', 'a', 'q', 2); // same group: one change carries old P and new Q
  run.pipe('t', 'a', 'xr', 3); // filtered out now: only the subtraction of Q
  assert.deepEqual(run.read('out').map((r) => r.value), ['+P', '+P-P+Q', '+P-P+Q-Q']);
});

test('stream toTable: upserts per key; a re-keyed stream is repartitioned first', () => {
  const b = new StreamsBuilder();
  b.stream<string, string>('in', S)
    .selectKey((_k, v) => v.split(':')[0]!)
    .toTable({ materialized: M('latest') })
    .toStream()
    .to('out', S);
  const run = drive(b);
  run.pipe('in', 'x', 'a:1', 1);
  run.pipe('in', 'y', 'a:2', 2);
  run.pipe('in', 'z', 'b:3', 3);
  assert.deepEqual(run.read('out').map((r) => [r.key, r.value]), [
    ['a', 'a:1'],
    ['a', 'a:2'],
    ['b', 'b:3'],
  ]);
  assert.deepEqual(run.store('latest').map((e) => [e.key, e.value]), [
    ['a', 'a:2'],
    ['b', 'b:3'],
  ]);
});
