import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SortedMap } from '../../../src/state/internals/sorted-map.js';

/** a deterministic pseudo-random sequence */
function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 0x1_0000_0000;
  };
}

function expected(model: Map<string, number>, from?: string, to?: string, toExclusive = false, reverse = false): number[] {
  const keys = [...model.keys()].filter((k) => (from === undefined || k >= from) && (to === undefined || (toExclusive ? k < to : k <= to))).sort();
  if (reverse) keys.reverse();
  return keys.map((k) => model.get(k)!);
}

test('scans see every write in byte order, whether the order was kept up to date or rebuilt', () => {
  // bursts of writes between scans: small bursts update the ordered index, large ones drop and rebuild it
  for (const burst of [1, 50, 5_000]) {
    const rnd = lcg(burst);
    const map = new SortedMap<number>();
    const model = new Map<string, number>();
    const keyOf = (): string => String.fromCharCode(...Array.from({ length: 1 + Math.floor(rnd() * 3) }, () => Math.floor(rnd() * 256)));
    for (let round = 0; round < 30; round++) {
      for (let i = 0; i < burst; i++) {
        const k = keyOf();
        if (rnd() < 0.25) {
          assert.equal(map.delete(k), model.delete(k));
        } else {
          const v = Math.floor(rnd() * 1e6);
          map.set(k, v);
          model.set(k, v);
        }
      }
      assert.equal(map.size, model.size);
      const a = keyOf();
      const b = keyOf();
      const [from, to] = a < b ? [a, b] : [b, a];
      const toExclusive = rnd() < 0.5;
      const reverse = rnd() < 0.5;
      assert.deepEqual([...map.values({ from, to, toExclusive, reverse })], expected(model, from, to, toExclusive, reverse));
      assert.deepEqual([...map.values()], expected(model));
      assert.deepEqual(map.orderedValues(), expected(model));
      for (const k of model.keys()) assert.equal(map.get(k), model.get(k));
    }
  }
});

test('an iterator sees the map as it was when it was opened, before its first step too', () => {
  const map = new SortedMap<string>();
  for (let i = 0; i < 3_000; i++) map.set(`k${String(i).padStart(5, '0')}`, `v${i}`);
  const it = map.values({ from: 'k00010', to: 'k00012' });
  map.set('k00011', 'changed');
  map.delete('k00012');
  map.set('k000105', 'new');
  assert.deepEqual([...it], ['v10', 'v11', 'v12']);
  // the next scan sees the changes
  assert.deepEqual([...map.values({ from: 'k00010', to: 'k00012' })], ['v10', 'new', 'changed']);
  // many writes after a scan (the ordered index is dropped), then an iterator opened before them
  const before = map.values({ from: 'k02998' });
  for (let i = 0; i < 3_000; i++) map.set(`k${String(i).padStart(5, '0')}`, 'x');
  assert.deepEqual([...before], ['v2998', 'v2999']);
  assert.deepEqual([...map.values({ from: 'k02998' })], ['x', 'x']);
});

test('an empty range, and clear', () => {
  const map = new SortedMap<number>();
  map.set('b', 1);
  assert.deepEqual([...map.values({ from: 'c', to: 'a' })], []);
  assert.deepEqual([...map.values({ from: 'b', to: 'b', toExclusive: true })], []);
  map.clear();
  assert.equal(map.size, 0);
  assert.deepEqual([...map.values()], []);
  map.set('a', 2);
  assert.deepEqual([...map.values()], [2]);
});
