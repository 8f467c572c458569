import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TxnCoordinator } from '../../src/broker/txn/txn-coordinator.js';
import type { TxnParticipants } from '../../src/broker/txn/txn-coordinator.js';
import { FileTxnLog } from '../../src/broker/txn/txn-log.js';
import { PartitionTxnIndex } from '../../src/broker/txn/partition-txn-index.js';
import { ManualTimer } from '../../src/broker/group/keyed-timer.js';
import { ErrorCode } from '../../src/broker/group/error-codes.js';

function setup(dataDir?: string) {
  const timer = new ManualTimer(10_000);
  const markers: { topic: string; partition: number; producerId: number; epoch: number; commit: boolean }[] = [];
  const offsets: { producerId: number; groups: readonly string[]; commit: boolean }[] = [];
  const participants: TxnParticipants = {
    writeMarker: (topic, partition, producerId, epoch, commit) => markers.push({ topic, partition, producerId, epoch, commit }),
    completeTxnOffsets: (producerId, groups, commit) => offsets.push({ producerId, groups, commit }),
    partitionExists: (topic) => topic !== 'missing',
  };
  const coordinator = new TxnCoordinator({
    timer,
    participants,
    ...(dataDir !== undefined ? { log: new FileTxnLog(dataDir, false) } : {}),
  });
  return { timer, markers, offsets, coordinator };
}

const init = (c: TxnCoordinator, id = 'tx', timeout = 60_000) =>
  c.initProducerId({ transactionalId: id, transactionTimeoutMs: timeout, producerId: -1, producerEpoch: -1 });

test('idempotent producers get fresh ids; transactional ones get an id and epoch 0, then bumps', () => {
  const { coordinator } = setup();
  const a = coordinator.initProducerId({ transactionalId: null, transactionTimeoutMs: 0, producerId: -1, producerEpoch: -1 });
  const b = coordinator.initProducerId({ transactionalId: null, transactionTimeoutMs: 0, producerId: -1, producerEpoch: -1 });
  assert.notEqual(a.producerId, b.producerId);
  const t1 = init(coordinator);
  assert.equal(t1.errorCode, ErrorCode.NONE);
  assert.equal(t1.producerEpoch, 0);
  const t2 = init(coordinator);
  assert.equal(t2.producerId, t1.producerId);
  assert.equal(t2.producerEpoch, 1);
  assert.equal(init(coordinator, 'x', 0).errorCode, ErrorCode.INVALID_TRANSACTION_TIMEOUT);
  assert.equal(init(coordinator, 'x', 1_000_000).errorCode, ErrorCode.INVALID_TRANSACTION_TIMEOUT);
});

test('commit writes COMMIT markers to every partition and commits the offsets', () => {
  const { coordinator, markers, offsets } = setup();
  const { producerId, producerEpoch } = init(coordinator);
  const add = coordinator.addPartitionsToTxn({ transactionalId: 'tx', producerId, producerEpoch, topics: [{ name: 't', partitions: [0, 1] }, { name: 'u', partitions: [3] }] });
  assert.deepEqual(add.flatMap((t) => t.partitions.map((p) => p.errorCode)), [0, 0, 0]);
  assert.equal(coordinator.addOffsetsToTxn({ transactionalId: 'tx', producerId, producerEpoch, groupId: 'g' }), ErrorCode.NONE);
  assert.equal(coordinator.checkTxnOffsetCommit({ transactionalId: 'tx', producerId, producerEpoch, groupId: 'g' }), ErrorCode.NONE);
  assert.equal(coordinator.checkTxnOffsetCommit({ transactionalId: 'tx', producerId, producerEpoch, groupId: 'other' }), ErrorCode.INVALID_TXN_STATE);
  assert.equal(coordinator.describe('tx')?.state, 'Ongoing');
  assert.equal(coordinator.endTxn({ transactionalId: 'tx', producerId, producerEpoch, committed: true }), ErrorCode.NONE);
  assert.deepEqual(markers.map((m) => `${m.topic}-${m.partition}:${m.commit}:${m.epoch}`).sort(), ['t-0:true:0', 't-1:true:0', 'u-3:true:0']);
  assert.deepEqual(offsets, [{ producerId, groups: ['g'], commit: true }]);
  assert.equal(coordinator.describe('tx')?.state, 'CompleteCommit');
  // Retried EndTxn(commit) is fine, EndTxn(abort) after commit is not.
  assert.equal(coordinator.endTxn({ transactionalId: 'tx', producerId, producerEpoch, committed: true }), ErrorCode.NONE);
  assert.equal(coordinator.endTxn({ transactionalId: 'tx', producerId, producerEpoch, committed: false }), ErrorCode.INVALID_TXN_STATE);
});

test('bad state calls get Kafka error codes', () => {
  const { coordinator } = setup();
  assert.equal(coordinator.endTxn({ transactionalId: 'nope', producerId: 1, producerEpoch: 0, committed: true }), ErrorCode.INVALID_PRODUCER_ID_MAPPING);
  const { producerId, producerEpoch } = init(coordinator);
  assert.equal(coordinator.endTxn({ transactionalId: 'tx', producerId, producerEpoch, committed: true }), ErrorCode.INVALID_TXN_STATE, 'EndTxn with no transaction');
  assert.equal(coordinator.endTxn({ transactionalId: 'tx', producerId, producerEpoch: producerEpoch + 3, committed: true }), ErrorCode.PRODUCER_FENCED);
  assert.equal(coordinator.endTxn({ transactionalId: 'tx', producerId: producerId + 100, producerEpoch, committed: true }), ErrorCode.INVALID_PRODUCER_ID_MAPPING);
  const add = coordinator.addPartitionsToTxn({ transactionalId: 'tx', producerId, producerEpoch, topics: [{ name: 't', partitions: [0] }, { name: 'missing', partitions: [0] }] });
  assert.deepEqual(add.map((t) => t.partitions[0]!.errorCode), [55, ErrorCode.UNKNOWN_TOPIC_OR_PARTITION]);
  assert.equal(coordinator.describe('tx')?.state, 'Empty', 'nothing added on error');
});

test('a second producer with the same transactional id fences the first and aborts its transaction', () => {
  const { coordinator, markers } = setup();
  const first = init(coordinator);
  coordinator.addPartitionsToTxn({ transactionalId: 'tx', producerId: first.producerId, producerEpoch: first.producerEpoch, topics: [{ name: 't', partitions: [0] }] });
  const second = init(coordinator);
  assert.equal(second.producerId, first.producerId);
  assert.ok(second.producerEpoch > first.producerEpoch);
  assert.deepEqual(markers.map((m) => [m.commit, m.epoch]), [[false, second.producerEpoch]], 'abort marker carries the fencing epoch');
  const zombie = { transactionalId: 'tx', producerId: first.producerId, producerEpoch: first.producerEpoch };
  assert.equal(coordinator.addPartitionsToTxn({ ...zombie, topics: [{ name: 't', partitions: [0] }] })[0]!.partitions[0]!.errorCode, ErrorCode.PRODUCER_FENCED);
  assert.equal(coordinator.addOffsetsToTxn({ ...zombie, groupId: 'g' }), ErrorCode.PRODUCER_FENCED);
  assert.equal(coordinator.endTxn({ ...zombie, committed: true }), ErrorCode.PRODUCER_FENCED);
  assert.equal(coordinator.checkTxnOffsetCommit({ ...zombie, groupId: 'g' }), ErrorCode.PRODUCER_FENCED);
});

test('a transaction that outlives its timeout is aborted with a bumped epoch', () => {
  const { coordinator, markers, offsets, timer } = setup();
  const p = init(coordinator, 'tx', 5_000);
  coordinator.addPartitionsToTxn({ transactionalId: 'tx', producerId: p.producerId, producerEpoch: p.producerEpoch, topics: [{ name: 't', partitions: [0] }] });
  coordinator.addOffsetsToTxn({ transactionalId: 'tx', producerId: p.producerId, producerEpoch: p.producerEpoch, groupId: 'g' });
  timer.advance(4_999);
  assert.equal(markers.length, 0);
  timer.advance(1);
  assert.deepEqual(markers.map((m) => m.commit), [false]);
  assert.deepEqual(offsets.map((o) => o.commit), [false]);
  assert.equal(coordinator.describe('tx')?.state, 'CompleteAbort');
  assert.equal(coordinator.endTxn({ transactionalId: 'tx', producerId: p.producerId, producerEpoch: p.producerEpoch, committed: true }), ErrorCode.PRODUCER_FENCED);
});

test('disk mode: transaction state and producer ids survive a restart', () => {
  const dir = mkdtempSync(join(tmpdir(), 'kstreams-txn-'));
  try {
    const a = setup(dir);
    const p = init(a.coordinator, 'tx', 5_000);
    a.coordinator.addPartitionsToTxn({ transactionalId: 'tx', producerId: p.producerId, producerEpoch: p.producerEpoch, topics: [{ name: 't', partitions: [0] }] });
    const idem = a.coordinator.allocateProducerId();
    a.coordinator.close();
    const b = setup(dir);
    b.coordinator.recover();
    assert.equal(b.coordinator.describe('tx')?.state, 'Ongoing');
    assert.ok(b.coordinator.allocateProducerId() > idem, 'producer ids are never reused');
    assert.equal(b.coordinator.endTxn({ transactionalId: 'tx', producerId: p.producerId, producerEpoch: p.producerEpoch, committed: false }), ErrorCode.NONE);
    assert.deepEqual(b.markers.map((m) => [m.topic, m.commit]), [['t', false]]);
    b.coordinator.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('partition index: LSO stops at the oldest open transaction; aborted list by range', () => {
  const idx = new PartitionTxnIndex();
  idx.onTransactionalBatch(1, 10);
  idx.onTransactionalBatch(2, 12);
  idx.onTransactionalBatch(1, 14);
  assert.equal(idx.lastStableOffset(20), 10);
  idx.onMarker(1, 20, false);
  assert.equal(idx.lastStableOffset(21), 12);
  idx.onMarker(2, 21, true);
  assert.equal(idx.lastStableOffset(22), 22);
  assert.deepEqual(idx.abortedTransactions(0, 22), [{ producerId: 1, firstOffset: 10, lastOffset: 20 }]);
  assert.deepEqual(idx.abortedTransactions(21, 30), []);
  assert.deepEqual(idx.abortedTransactions(0, 10), [], 'upper bound excludes later transactions');
  idx.truncateBefore(21);
  assert.deepEqual(idx.allAborted(), []);
});
