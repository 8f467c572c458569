import { test } from 'node:test';
import assert from 'node:assert/strict';
import { StreamsBuilder } from '../../../src/streams/kstream/streams-builder.js';
import { Materialized } from '../../../src/streams/kstream/materialized.js';
import { drive, long, str } from './harness.js';

const S = { keySerde: str, valueSerde: str };
const L = { keySerde: str, valueSerde: long };

test('count per key: running counts, max timestamp, null keys and null values dropped and counted', () => {
  const b = new StreamsBuilder();
  b.stream<string, string>('in', S)
    .groupByKey()
    .count({ materialized: { ...Materialized.as<string, number>('counts'), keySerde: str, valueSerde: long } })
    .toStream()
    .to('out', L);
  const run = drive(b);
  run.pipe('in', 'a', 'x', 10);
  run.pipe('in', 'b', 'x', 5);
  run.pipe('in', 'a', 'y', 7); // out of order: the count keeps the larger timestamp
  run.pipe('in', null, 'z', 8);
  run.pipe('in', 'a', null, 9);
  assert.deepEqual(run.read('out', long), [
    { key: 'a', value: 1, timestamp: 10 },
    { key: 'b', value: 1, timestamp: 5 },
    { key: 'a', value: 2, timestamp: 10 },
  ]);
  assert.deepEqual(run.store<number>('counts'), [
    { key: 'a', value: 2, timestamp: 10 },
    { key: 'b', value: 1, timestamp: 5 },
  ]);
  assert.equal(run.dropped(), 2);
});

test('reduce starts from the first value; aggregate from the initializer', () => {
  const b = new StreamsBuilder();
  const g = b.stream<string, string>('in', S).groupByKey();
  g.reduce((agg, v) => `${agg}+${v}`).toStream().to('reduced', S);
  g.aggregate(() => '0', (_k, v, agg) => `${agg}+${v}`, { materialized: { keySerde: str, valueSerde: str } })
    .toStream()
    .to('aggregated', S);
  const run = drive(b);
  run.pipe('in', 'k', 'a', 1);
  run.pipe('in', 'k', 'b', 2);
  assert.deepEqual(run.read('reduced').map((r) => r.value), ['a', 'a+b']);
  assert.deepEqual(run.read('aggregated').map((r) => r.value), ['0+a', '0+a+b']);
});

test('groupBy re-keys through a repartition topic that drops null keys', () => {
  const b = new StreamsBuilder();
  b.stream<string, string>('in', S)
    .groupBy((_k, v) => (v.includes(':') ? v.split(':')[0]! : (null as unknown as string)), { keySerde: str, valueSerde: str })
    .count()
    .toStream()
    .to('out', L);
  const run = drive(b);
  run.pipe('in', 'k1', 'red:1', 1);
  run.pipe('in', 'k2', 'blue:2', 2);
  run.pipe('in', 'k3', 'nocolon', 3);
  run.pipe('in', 'k4', 'red:3', 4);
  assert.deepEqual(run.read('out', long).map((r) => [r.key, r.value]), [
    ['red', 1],
    ['blue', 1],
    ['red', 2],
  ]);
  assert.equal(run.dropped(), 0, 'the repartition filter drops null keys without counting them');
});

test('table groupBy: the old value leaves its group, the new one joins its group', () => {
  const b = new StreamsBuilder();
  const t = b.table<string, string>('users', { consumed: S });
  t.groupBy((user, region) => ({ key: region, value: user }), { keySerde: str, valueSerde: str })
    .count({ materialized: { ...Materialized.as<string, number>('per-region'), keySerde: str, valueSerde: long } })
    .toStream()
    .to('counts', L);
  t.groupBy((user, region) => ({ key: region, value: user }), { keySerde: str, valueSerde: str })
    .aggregate(
      () => '',
      (_r, user, agg) => `${agg}+${user}`,
      (_r, user, agg) => `${agg}-${user}`,
      { materialized: { keySerde: str, valueSerde: str } },
    )
    .toStream()
    .to('members', S);
  const run = drive(b);
  run.pipe('users', 'alice', 'eu', 1);
  run.pipe('users', 'bob', 'eu', 2);
  run.pipe('users', 'alice', 'us', 3); // moves: eu loses alice, us gains her
  run.pipe('users', 'bob', null, 4); // deleted: eu loses bob
  assert.deepEqual(run.read('counts', long).map((r) => [r.key, r.value, r.timestamp]), [
    ['eu', 1, 1],
    ['eu', 2, 2],
    ['eu', 1, 3],
    ['us', 1, 3],
    ['eu', 0, 4],
  ]);
  assert.deepEqual(run.read('members').map((r) => [r.key, r.value]), [
    ['eu', '+alice'],
    ['eu', '+alice+bob'],
    ['eu', '+alice+bob-alice'],
    ['us', '+alice'],
    ['eu', '+alice+bob-alice-bob'],
  ]);
  assert.deepEqual(run.store<number>('per-region').map((e) => [e.key, e.value]), [
    ['eu', 0],
    ['us', 1],
  ]);
});

test('table reduce with adder and subtractor; an update in the same group sends one combined change', () => {
  const b = new StreamsBuilder();
  b.table<string, string>('t', { consumed: S })
    .groupBy((k, v) => ({ key: 'all', value: `${k}${v}` }), { keySerde: str, valueSerde: str })
    .reduce((a, v) => `${a}+${v}`, (a, v) => `${a}-${v}`)
    .toStream()
    .to('out', S);
  const run = drive(b);
  run.pipe('t', 'a', '1', 1);
  run.pipe('t', 'a', '2', 2);
  assert.deepEqual(run.read('out').map((r) => r.value), ['a1', 'a1-a1+a2']);
});

test('caching on: only the latest value per key leaves the store at each commit', () => {
  const build = () => {
    const b = new StreamsBuilder();
    // one input record becomes three updates of key k within one commit
    b.stream<string, string>('in', S)
      .flatMapValues((v) => v.split(' '))
      .groupByKey()
      .count()
      .toStream()
      .to('out', L);
    return b;
  };
  const uncached = drive(build(), { cacheMaxBytes: 0 });
  const cached = drive(build(), { cacheMaxBytes: 1 << 20 });
  for (const run of [uncached, cached]) {
    run.pipe('in', 'k', 'x x y', 1);
    run.pipe('in', 'j', 'z', 2);
  }
  assert.deepEqual(uncached.read('out', long).map((r) => [r.key, r.value]), [
    ['k', 1],
    ['k', 2],
    ['k', 3],
    ['j', 1],
  ]);
  assert.deepEqual(cached.read('out', long).map((r) => [r.key, r.value]), [
    ['k', 3],
    ['j', 1],
  ]);
});

test('caching on and off: a table source forwards deletes of absent keys only without the cache', () => {
  const build = () => {
    const b = new StreamsBuilder();
    const t = b.table<string, string>('t', { consumed: S, materialized: { ...Materialized.as<string, string>('t-store'), keySerde: str, valueSerde: str } });
    t.toStream().to('out', S);
    return b;
  };
  const uncached = drive(build(), { cacheMaxBytes: 0 });
  const cached = drive(build(), { cacheMaxBytes: 1 << 20 });
  for (const run of [uncached, cached]) {
    run.pipe('t', 'a', '1', 1);
    run.pipe('t', 'b', null, 2); // delete of an absent key
    run.pipe('t', 'a', null, 3);
  }
  // without the cache the delete of an absent key still goes out; the cache swallows it
  assert.deepEqual(uncached.read('out').map((r) => [r.key, r.value, r.timestamp]), [
    ['a', '1', 1],
    ['b', null, 2],
    ['a', null, 3],
  ]);
  assert.deepEqual(cached.read('out').map((r) => [r.key, r.value, r.timestamp]), [
    ['a', '1', 1],
    ['a', null, 3],
  ]);
});
