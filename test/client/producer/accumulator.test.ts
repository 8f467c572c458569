import { test } from 'node:test';
import assert from 'node:assert/strict';
import { RecordAccumulator } from '../../../src/client/producer/accumulator.js';
import { StickyPartitioner } from '../../../src/client/producer/partitioner.js';
import { murmur2Partition } from '../../../src/client/producer/murmur2.js';
import { RecordBatch } from '../../../src/protocol/records/index.js';

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
    const records = new RecordBatch(Buffer.from(b.builder.build())).toRecords();
    assert.equal(records.length, b.count);
    records.forEach((r, i) => assert.equal(r.offsetDelta, i));
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

test('appended records are encoded at once: the built batch holds them with their fields, offsets and timestamps', () => {
  const acc = new RecordAccumulator(1 << 20);
  const headers = [{ key: 'h', value: Buffer.from('v') }];
  const input = [
    { key: Buffer.from('a'), value: Buffer.from('1'), timestamp: 1000 },
    { key: null, value: Buffer.from('2'), timestamp: 990, headers },
    { key: Buffer.from('c'), value: null, timestamp: 1010 },
  ];
  for (const r of input) acc.append('t', 0, { ...r }, undefined, 0);
  const b = acc.queue('t', 0).batches[0]!;
  assert.deepEqual([0, 1, 2].map((i) => b.recordAt(i).timestamp), [1000, 990, 1010]);
  assert.equal(b.sizeBytes, b.builder.build().length);
  const batch = new RecordBatch(Buffer.from(b.builder.build({ producerId: 7, producerEpoch: 2, baseSequence: 5, transactional: true })));
  assert.equal(batch.recordCount, 3);
  assert.equal(batch.baseTimestamp, 1000);
  assert.equal(batch.maxTimestamp, 1010);
  assert.equal(batch.producerId, 7);
  assert.equal(batch.baseSequence, 5);
  assert.equal(batch.isTransactional, true);
  const out = batch.toRecords();
  assert.deepEqual(
    out.map((r) => ({ offset: r.offset, timestamp: r.timestamp, key: r.key?.toString() ?? null, value: r.value?.toString() ?? null, headers: r.headers.map((h) => `${h.key}=${h.value}`) })),
    [
      { offset: 0, timestamp: 1000, key: 'a', value: '1', headers: [] },
      { offset: 1, timestamp: 990, key: null, value: '2', headers: ['h=v'] },
      { offset: 2, timestamp: 1010, key: 'c', value: null, headers: [] },
    ],
  );
});

test('a batch buffer grows past its first capacity and a compressed build holds the same records', () => {
  const acc = new RecordAccumulator(1 << 20);
  for (let i = 0; i < 500; i++) acc.append('t', 0, { key: Buffer.from(`k${i}`), value: Buffer.alloc(300, i & 0xff), timestamp: 5000 + i }, undefined, 0);
  const b = acc.queue('t', 0).batches[0]!;
  assert.equal(b.count, 500);
  const plain = new RecordBatch(Buffer.from(b.builder.build())).toRecords();
  const gz = new RecordBatch(Buffer.from(b.builder.build({ compression: 'gzip' })));
  assert.equal(gz.compression, 1);
  const unzipped = gz.toRecords();
  assert.equal(plain.length, 500);
  assert.deepEqual(unzipped.map((r) => [r.offset, r.timestamp, r.key!.toString(), r.value![0]]), plain.map((r) => [r.offset, r.timestamp, r.key!.toString(), r.value![0]]));
  assert.equal(plain[499]!.key!.toString(), 'k499');
});

test('each record keeps its own outcome report, in order, however many records share one', () => {
  const acc = new RecordAccumulator(1 << 20);
  const a = (): void => undefined;
  const b = (): void => undefined;
  const promised = { resolve: () => undefined, reject: () => undefined, timestamp: 0 };
  const sequence = [a, a, a, b, undefined, undefined, a, promised, b, b];
  sequence.forEach((ack, i) => acc.append('t', 0, { key: null, value: Buffer.from([i]), timestamp: 100 + i }, ack, 0));
  const batch = acc.queue('t', 0).batches[0]!;
  const seen: Array<[unknown, number]> = [];
  batch.forEachAck((ack, i) => seen.push([ack, i]));
  assert.deepEqual(seen, sequence.map((ack, i) => [ack, i]));
  assert.equal(promised.timestamp, 107); // what a send() promise reports as the record's timestamp
});
