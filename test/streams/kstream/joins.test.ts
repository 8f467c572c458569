import { test } from 'node:test';
import assert from 'node:assert/strict';
import { StreamsBuilder } from '../../../src/streams/kstream/streams-builder.js';
import { Materialized } from '../../../src/streams/kstream/materialized.js';
import { JoinWindows } from '../../../src/streams/kstream/join-windows.js';
import { drive, str } from './harness.js';

const S = { keySerde: str, valueSerde: str };

test('stream-table join: each record meets the current table value; inner drops misses, left keeps them', () => {
  const b = new StreamsBuilder();
  const t = b.table<string, string>('t', { consumed: S });
  const s = b.stream<string, string>('s', S);
  s.join(t, (l, r) => `${l}+${r}`).to('inner', S);
  s.leftJoin(t, (l, r) => `${l}+${r}`).to('left', S);
  const run = drive(b);
  run.pipe('s', 'a', 'x', 1); // table empty
  run.pipe('t', 'a', 'A', 2);
  run.pipe('s', 'a', 'y', 3);
  run.pipe('t', 'a', null, 4); // table updates never trigger output
  run.pipe('s', 'a', 'z', 5);
  run.pipe('s', 'a', null, 6); // null value: dropped by both
  run.pipe('s', null, 'n', 7); // null key: inner drops, left joins with null
  assert.deepEqual(run.read('inner').map((r) => [r.key, r.value, r.timestamp]), [['a', 'y+A', 3]]);
  assert.deepEqual(run.read('left').map((r) => [r.key, r.value]), [
    ['a', 'x+null'],
    ['a', 'y+A'],
    ['a', 'z+null'],
    [null, 'n+null'],
  ]);
});

test('stream-table join after a key change repartitions the stream', () => {
  const b = new StreamsBuilder();
  const t = b.table<string, string>('regions', { consumed: S });
  b.stream<string, string>('clicks', S)
    .selectKey((_k, v) => v)
    .join(t, (user, region) => `${user}@${region}`, { keySerde: str, valueSerde: str, otherValueSerde: str })
    .to('out', S);
  const run = drive(b);
  run.pipe('regions', 'alice', 'eu', 1);
  run.pipe('clicks', 'c1', 'alice', 2);
  run.pipe('clicks', 'c2', 'bob', 3);
  assert.deepEqual(run.read('out').map((r) => [r.key, r.value]), [['alice', 'alice@eu']]);
});

test('stream-globalTable join looks up the key the selector picks', () => {
  const b = new StreamsBuilder();
  const g = b.globalTable<string, string>('products', { consumed: S });
  const orders = b.stream<string, string>('orders', S);
  orders.join(g, (order, product) => `${order}:${product}`, { keySelector: (_k, v) => v.split('/')[0]! }).to('inner', S);
  orders.leftJoin(g, (order, product) => `${order}:${product}`, { keySelector: (_k, v) => v.split('/')[0]! }).to('left', S);
  const run = drive(b);
  run.pipe('products', 'p1', 'Pen', 1);
  run.pipe('orders', 'o1', 'p1/2', 2);
  run.pipe('orders', 'o2', 'p9/1', 3);
  assert.deepEqual(run.read('inner').map((r) => [r.key, r.value]), [['o1', 'p1/2:Pen']]);
  assert.deepEqual(run.read('left').map((r) => [r.key, r.value]), [
    ['o1', 'p1/2:Pen'],
    ['o2', 'p9/1:null'],
  ]);
});

test('table-table joins: inner, left and outer results and their deletes', () => {
  const b = new StreamsBuilder();
  const l = b.table<string, string>('l', { consumed: S });
  const r = b.table<string, string>('r', { consumed: S });
  const j = (a: string | null, c: string | null) => `${a}+${c}`;
  l.join(r, j, { materialized: { ...Materialized.as<string, string>('inner-store'), keySerde: str, valueSerde: str } }).toStream().to('inner', S);
  l.leftJoin(r, j).toStream().to('left', S);
  l.outerJoin(r, j).toStream().to('outer', S);
  const run = drive(b);
  run.pipe('l', 'k', 'a', 1);
  run.pipe('r', 'k', 'b', 2);
  run.pipe('r', 'k', null, 3);
  run.pipe('l', 'k', null, 4);
  assert.deepEqual(run.read('inner').map((x) => [x.value, x.timestamp]), [
    ['a+b', 2],
    [null, 3],
  ]);
  assert.deepEqual(run.read('left').map((x) => x.value), ['a+null', 'a+b', 'a+null', null]);
  assert.deepEqual(run.read('outer').map((x) => x.value), ['a+null', 'a+b', 'a+null', null]);
  assert.deepEqual(run.store('inner-store'), []);
  run.pipe('r', 'z', 'only-right', 5);
  assert.deepEqual(run.read('outer').map((x) => x.value), ['null+only-right']);
  assert.deepEqual(run.read('left'), []);
});

test('stream-stream inner join within the window, in both directions; self-join with one store', () => {
  for (const optimization of ['none', 'all']) {
    const b = new StreamsBuilder();
    const s = b.stream<string, string>('in', S);
    s.join(s, (a, c) => `${a}+${c}`, { windows: JoinWindows.ofTimeDifferenceAndGrace(5, 0), keySerde: str, valueSerde: str, otherValueSerde: str }).to('out', S);
    const run = drive(b, { optimization });
    run.pipe('in', 'k', 'A', 1);
    run.pipe('in', 'k', 'B', 2);
    run.pipe('in', 'k', 'C', 20); // outside the window of A and B
    assert.deepEqual(
      run.read('out').map((r) => [r.value, r.timestamp]),
      [
        ['A+A', 1],
        ['B+A', 2],
        ['A+B', 2],
        ['B+B', 2],
        ['C+C', 20],
      ],
      optimization,
    );
  }
});
