import { test } from 'node:test';
import assert from 'node:assert/strict';
import { RecordAccumulator } from '../../../src/client/producer/accumulator.js';
import { StickyPartitioner } from '../../../src/client/producer/partitioner.js';
import { murmur2Partition } from '../../../src/client/producer/murmur2.js';

const rec = (n: number) => ({ key: null, value: Buffer.alloc(n), timestamp: 1 });

test('records fill a batch until batchSize, then a new batch starts', () => {
  const acc = new RecordAccumulator(1000);
  let closed = 0;
  for (let i = 0; i < 25; i++) if (acc.append('t', 0, rec(100), undefined, 0).batchClosed) closed++;
  const q = acc.queue('t', 0);
  assert.ok(q.batches.length >= 3);
  assert.ok(closed >= 2);
  for (const b of q.batches.slice(0, -1)) {
    assert.equal(b.state, 'ready');
    assert.ok(b.sizeBytes <= 1000);
    b.records.forEach((r, i) => assert.equal(r.offsetDelta, i));
  }
  assert.equal(acc.pendingRecords, 25);
  assert.equal(q.batches.reduce((n, b) => n + b.count, 0), 25);
});

test('a record larger than batchSize gets a batch of its own', () => {
  const acc = new RecordAccumulator(100);
  acc.append('t', 0, rec(10), undefined, 0);
  acc.append('t', 0, rec(500), undefined, 0);
  const q = acc.queue('t', 0);
  assert.equal(q.batches.length, 2);
  assert.equal(q.batches[1]!.count, 1);
});

test('linger: open batches become ready once lingerMs has passed (or at flush)', () => {
  const acc = new RecordAccumulator(1 << 20);
  acc.append('t', 0, rec(10), undefined, 1000);
  acc.append('t', 1, rec(10), undefined, 1003);
  assert.equal(acc.closeExpired(1002, 5, false), 3);
  assert.equal(acc.queue('t', 0).batches[0]!.state, 'open');
  acc.closeExpired(1005, 5, false);
  assert.equal(acc.queue('t', 0).batches[0]!.state, 'ready');
  assert.equal(acc.queue('t', 1).batches[0]!.state, 'open');
  acc.closeExpired(1005, 5, true);
  assert.equal(acc.queue('t', 1).batches[0]!.state, 'ready');
});

test('partitioner: keyed records use murmur2, unkeyed stick to one partition until a new batch', () => {
  const p = new StickyPartitioner();
  const key = Buffer.from('hello');
  assert.equal(p.partition('t', key, 12), murmur2Partition(key, 12));
  const first = p.partition('t', null, 12);
  for (let i = 0; i < 50; i++) assert.equal(p.partition('t', null, 12), first);
  p.onNewBatch('t', first, 12);
  assert.notEqual(p.partition('t', null, 12), first);
});
