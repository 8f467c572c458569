import { test } from 'node:test';
import assert from 'node:assert/strict';
import { RecordBatch, encodeRecordBatch, encodeEndTxnMarkerBatch } from '../../src/protocol/records/index.js';
import { compactBatches } from '../../src/broker/cleaner/compact.js';

const rec = (key: string, value: string | null, timestamp = 1000) => ({
  key: Buffer.from(key),
  value: value === null ? null : Buffer.from(value),
  timestamp,
});

function view(batches: Buffer[]): string[] {
  return batches.flatMap((b) => {
    const batch = new RecordBatch(b);
    if (batch.isControl) return [`${batch.baseOffset}:marker`];
    return batch.toRecords().map((r) => `${r.offset}:${r.key?.toString()}=${r.value?.toString() ?? 'null'}`);
  });
}

test('compaction keeps the last value per key at its original offset; batches keep their offset range', () => {
  const b0 = encodeRecordBatch({ baseOffset: 0, records: [rec('a', '1'), rec('b', '1'), rec('a', '2')] });
  const b1 = encodeRecordBatch({ baseOffset: 3, records: [rec('c', '1'), rec('b', '2')] });
  const r = compactBatches([b0, b1], { now: 2000, deleteRetentionMs: 100_000, aborted: [] });
  assert.deepEqual(view(r.batches), ['2:a=2', '3:c=1', '4:b=2']);
  const first = new RecordBatch(r.batches[0]!);
  assert.equal(first.baseOffset, 0);
  assert.equal(first.lastOffset, 2, 'last offset delta kept: offsets are never reused');
  assert.equal(r.recordsIn - r.recordsOut, 2);
});

test('tombstones and markers stay until delete.retention.ms, aborted data goes at once', () => {
  const data = encodeRecordBatch({ baseOffset: 0, records: [rec('a', '1'), rec('b', '1')] });
  const tomb = encodeRecordBatch({ baseOffset: 2, records: [rec('a', null, 5000)] });
  const txn = encodeRecordBatch({ baseOffset: 3, transactional: true, producerId: 7, producerEpoch: 0, baseSequence: 0, records: [rec('b', 'aborted', 5000)] });
  const marker = encodeEndTxnMarkerBatch({ producerId: 7, producerEpoch: 0, type: 'abort', coordinatorEpoch: 0, timestamp: 5000, baseOffset: 4 });
  const aborted = [{ producerId: 7, firstOffset: 3, lastOffset: 4 }];
  const early = compactBatches([data, tomb, txn, marker], { now: 6000, deleteRetentionMs: 10_000, aborted });
  assert.deepEqual(view(early.batches), ['1:b=1', '2:a=null', '4:marker']);
  assert.equal(early.nextExpiry, 15_000);
  const late = compactBatches(early.batches, { now: 16_000, deleteRetentionMs: 10_000, aborted });
  assert.deepEqual(view(late.batches), ['1:b=1']);
});

test('a commit marker stays as long as its transaction has data in the log', () => {
  const txn = encodeRecordBatch({ baseOffset: 0, transactional: true, producerId: 3, producerEpoch: 0, baseSequence: 0, records: [rec('k', 'committed', 1000)] });
  const marker = encodeEndTxnMarkerBatch({ producerId: 3, producerEpoch: 0, type: 'commit', coordinatorEpoch: 0, timestamp: 1000, baseOffset: 1 });
  const kept = compactBatches([txn, marker], { now: 100_000, deleteRetentionMs: 10, aborted: [] });
  assert.deepEqual(view(kept.batches), ['0:k=committed', '1:marker']);
  const newer = encodeRecordBatch({ baseOffset: 2, records: [rec('k', 'plain', 1000)] });
  const gone = compactBatches([txn, marker, newer], { now: 100_000, deleteRetentionMs: 10, aborted: [] });
  assert.deepEqual(view(gone.batches), ['2:k=plain'], 'data superseded: the old marker goes too');
});
