import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ProducerStateTable, lastSequenceOf } from '../../src/broker/state/producer-state.js';
import { ErrorCode } from '../../src/protocol/errors/index.js';

test('producer state: in-order batches append, retries of recent batches are duplicates, gaps are rejected', () => {
  const t = new ProducerStateTable();
  assert.equal(t.check(7, 0, 0, 4).kind, 'append');
  t.record(7, 0, { firstSeq: 0, lastSeq: 4, baseOffset: 100, lastOffset: 104 });
  assert.equal(t.check(7, 0, 5, 9).kind, 'append');
  t.record(7, 0, { firstSeq: 5, lastSeq: 9, baseOffset: 105, lastOffset: 109 });
  const dup = t.check(7, 0, 0, 4);
  assert.equal(dup.kind, 'duplicate');
  assert.equal(dup.kind === 'duplicate' && dup.batch.baseOffset, 100);
  const gap = t.check(7, 0, 11, 12);
  assert.equal(gap.kind === 'error' && gap.errorCode, ErrorCode.OUT_OF_ORDER_SEQUENCE_NUMBER);
  assert.equal(t.check(7, 0, 10, 12).kind, 'append');
  // A batch overlapping the last one without matching it exactly is out of order, not a duplicate.
  const overlap = t.check(7, 0, 7, 12);
  assert.equal(overlap.kind === 'error' && overlap.errorCode, ErrorCode.OUT_OF_ORDER_SEQUENCE_NUMBER);
});

test('producer state: epochs fence older producers and restart sequences', () => {
  const t = new ProducerStateTable();
  t.record(1, 3, { firstSeq: 0, lastSeq: 0, baseOffset: 0, lastOffset: 0 });
  const old = t.check(1, 2, 1, 1);
  assert.equal(old.kind === 'error' && old.errorCode, ErrorCode.INVALID_PRODUCER_EPOCH);
  assert.equal(t.check(1, 4, 0, 0).kind, 'append');
  const bad = t.check(1, 4, 5, 5);
  assert.equal(bad.kind === 'error' && bad.errorCode, ErrorCode.OUT_OF_ORDER_SEQUENCE_NUMBER);
});

test('producer state: a producer without state (its batches deleted) is accepted at any sequence, then checked again', () => {
  const t = new ProducerStateTable();
  assert.equal(t.check(2, 0, 3, 3).kind, 'append', 'unknown producer, as in Kafka');
  t.record(2, 0, { firstSeq: 0, lastSeq: 9, baseOffset: 0, lastOffset: 9 });
  t.expireBefore(10); // DeleteRecords / retention removed every batch of producer 2
  assert.equal(t.size, 0);
  assert.equal(t.check(2, 0, 10, 19).kind, 'append');
  t.record(2, 0, { firstSeq: 10, lastSeq: 19, baseOffset: 10, lastOffset: 19 });
  const gap = t.check(2, 0, 25, 25);
  assert.equal(gap.kind === 'error' && gap.errorCode, ErrorCode.OUT_OF_ORDER_SEQUENCE_NUMBER);
});

test('producer state: only the last five batches are remembered; sequences wrap after 2^31-1', () => {
  const t = new ProducerStateTable();
  for (let i = 0; i < 6; i++) t.record(1, 0, { firstSeq: i, lastSeq: i, baseOffset: i, lastOffset: i });
  assert.equal(t.check(1, 0, 0, 0).kind, 'error');
  assert.equal(t.check(1, 0, 1, 1).kind, 'duplicate');
  assert.equal(lastSequenceOf(2147483646, 3), 0);
  t.record(9, 0, { firstSeq: 2147483640, lastSeq: 2147483647, baseOffset: 0, lastOffset: 7 });
  assert.equal(t.check(9, 0, 0, 0).kind, 'append');
});
