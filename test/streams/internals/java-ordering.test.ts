import { test } from 'node:test';
import assert from 'node:assert/strict';
import { javaStringHash, javaHashSetOrder, JavaTreeSet } from '../../../src/streams/internals/java-ordering.js';
import { JavaPriorityQueue } from '../../../src/streams/internals/java-priority-queue.js';

test('String.hashCode matches Java', () => {
  assert.equal(javaStringHash(''), 0);
  assert.equal(javaStringHash('hello'), 99162322);
  assert.equal(javaStringHash('Aa'), javaStringHash('BB'));
  assert.equal(javaStringHash('KSTREAM-SOURCE-0000000000'), javaStringHash('KSTREAM-SOURCE-0000000000'));
  assert.equal(javaStringHash('polygenelubricants'), -2147483648);
});

test('HashSet order is by bucket, then insertion order', () => {
  // Java: new HashSet<>(List.of("b","a","c")) iterates a, b, c (buckets 1, 2, 3)
  assert.deepEqual(javaHashSetOrder(['b', 'a', 'c']), ['a', 'b', 'c']);
  // "Aa" and "BB" collide: insertion order decides
  assert.deepEqual(javaHashSetOrder(['BB', 'Aa']), ['BB', 'Aa']);
  assert.deepEqual(javaHashSetOrder(['Aa', 'BB']), ['Aa', 'BB']);
});

test('TreeSet keeps the shape decided at insertion even if keys change later', () => {
  const keys = [{ v: 5 }, { v: 3 }, { v: 8 }, { v: 1 }];
  const set = new JavaTreeSet<{ v: number }>((a, b) => (a === b ? 0 : a.v - b.v));
  for (const k of keys) set.add(k);
  assert.equal(set.add(keys[1]!), false);
  assert.deepEqual([...set].map((k) => k.v), [1, 3, 5, 8]);
  keys[0]!.v = 0; // the root changes; iteration order stays the tree's
  assert.deepEqual([...set].map((k) => k.v), [1, 3, 0, 8]);
  const many = new JavaTreeSet<number>((a, b) => a - b);
  for (const n of [9, 2, 7, 4, 1, 8, 3, 6, 5, 0]) many.add(n);
  assert.deepEqual([...many], [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
});

test('PriorityQueue breaks ties by heap order like java.util.PriorityQueue', () => {
  const q = new JavaPriorityQueue<{ t: number; id: string }>((a, b) => a.t - b.t);
  for (const [t, id] of [[5, 'a'], [5, 'b'], [5, 'c'], [1, 'd']] as const) q.offer({ t, id });
  // Java: offers give the heap [d, a, c, b]; poll d moves b to the root (a does not sift above an
  // equal element), so the next polls are b, then c, then a
  const out: string[] = [];
  while (q.size) out.push(q.poll()!.id);
  assert.deepEqual(out, ['d', 'b', 'c', 'a']);
});
