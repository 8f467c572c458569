import { test } from 'node:test';
import assert from 'node:assert/strict';
import { encodeRecordBatch } from '../../../src/protocol/records/encode.js';
import { encodeEndTxnMarkerBatch } from '../../../src/protocol/records/control.js';
import { FetchedRecords } from '../../../src/client/consumer/fetched-records.js';
import type { AbortedTransaction } from '../../../src/protocol/messages/fetch.js';

function decodePartitionRecords(topic: string, partition: number, data: Buffer, fetchOffset: number, aborted: AbortedTransaction[] | null, readCommitted: boolean) {
  const fetched = new FetchedRecords(topic, partition, data, fetchOffset, aborted, readCommitted);
  const counted = fetched.remaining;
  const records = [];
  for (let r = fetched.next(); r !== null; r = fetched.next()) records.push(r);
  assert.equal(records.length, counted, 'the count known on arrival is the number of records taken');
  assert.equal(fetched.remaining, 0);
  return { records, nextOffset: fetched.nextOffset };
}

const rec = (v: string) => ({ key: null, value: Buffer.from(v), timestamp: 1000 });

// Log: offsets 0-1 plain; 2-3 txn of pid 7 (aborted, marker at 4); 5-6 txn of pid 8 (committed, marker at 7); 8 plain.
function log(): Buffer {
  return Buffer.concat([
    encodeRecordBatch({ records: [rec('a'), rec('b')], baseOffset: 0 }),
    encodeRecordBatch({ records: [rec('x1'), rec('x2')], baseOffset: 2, transactional: true, producerId: 7, producerEpoch: 0, baseSequence: 0 }),
    encodeEndTxnMarkerBatch({ type: 'abort', coordinatorEpoch: 0, producerId: 7, producerEpoch: 0, timestamp: 1000, baseOffset: 4 }),
    encodeRecordBatch({ records: [rec('c1'), rec('c2')], baseOffset: 5, transactional: true, producerId: 8, producerEpoch: 0, baseSequence: 0 }),
    encodeEndTxnMarkerBatch({ type: 'commit', coordinatorEpoch: 0, producerId: 8, producerEpoch: 0, timestamp: 1000, baseOffset: 7 }),
    encodeRecordBatch({ records: [rec('d')], baseOffset: 8 }),
  ]);
}

test('read_committed drops aborted transactions and control records', () => {
  const r = decodePartitionRecords('t', 0, log(), 0, [{ producerId: 7n, firstOffset: 2n }], true);
  assert.deepEqual(r.records.map((x) => `${x.offset}:${x.value?.toString()}`), ['0:a', '1:b', '5:c1', '6:c2', '8:d']);
  assert.equal(r.nextOffset, 9);
});

test('read_uncommitted returns aborted records too, never control records', () => {
  const r = decodePartitionRecords('t', 0, log(), 0, null, false);
  assert.deepEqual(r.records.map((x) => x.value?.toString()), ['a', 'b', 'x1', 'x2', 'c1', 'c2', 'd']);
  assert.equal(r.nextOffset, 9);
});

test('records before the fetch offset inside a batch are skipped', () => {
  const r = decodePartitionRecords('t', 0, log(), 6, [{ producerId: 7n, firstOffset: 2n }], true);
  assert.deepEqual(r.records.map((x) => x.offset), [6, 8]);
});

test('a truncated last batch is left for the next fetch', () => {
  const full = log();
  const r = decodePartitionRecords('t', 0, full.subarray(0, full.length - 10), 0, null, false);
  assert.equal(r.nextOffset, 8);
  assert.deepEqual(r.records.at(-1)?.value?.toString(), 'c2');
});

test('records are decoded only as they are taken; the view is reused', () => {
  const fetched = new FetchedRecords('t', 0, log(), 0, null, false);
  assert.equal(fetched.remaining, 7);
  const first = fetched.nextView();
  assert.equal(first?.offset, 0);
  assert.equal(fetched.remaining, 6);
  const second = fetched.nextView();
  assert.equal(second, first, 'one view for every record');
  assert.equal(second?.offset, 1);
  assert.equal(fetched.leaderEpoch, -1);
});

test('a batch declaring more records than it holds is reported as corrupt when read', () => {
  const batch = encodeRecordBatch({ records: [rec('a'), rec('b')], baseOffset: 0 });
  batch.writeInt32BE(3, 57); // records count field
  const fetched = new FetchedRecords('t', 0, batch, 0, null, false);
  assert.equal(fetched.remaining, 3);
  fetched.next();
  fetched.next();
  assert.throws(() => fetched.next(), { code: 'CORRUPT_RECORD' });
});
