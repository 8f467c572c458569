// The group and transaction APIs on the wire: calls in the wrong state get Kafka's error codes and
// the broker keeps serving (no crash, connection stays open).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startBroker } from '../../src/broker/index.js';
import type { Broker } from '../../src/broker/index.js';
import { ErrorCode } from '../../src/protocol/errors/index.js';
import { endTxnApi } from '../../src/protocol/messages/end-txn.js';
import { initProducerIdApi } from '../../src/protocol/messages/init-producer-id.js';
import { heartbeatApi } from '../../src/protocol/messages/heartbeat.js';
import { joinGroupApi } from '../../src/protocol/messages/join-group.js';
import { syncGroupApi } from '../../src/protocol/messages/sync-group.js';
import { findCoordinatorApi } from '../../src/protocol/messages/find-coordinator.js';
import { addPartitionsToTxnApi } from '../../src/protocol/messages/add-partitions-to-txn.js';
import { describeTransactionsApi } from '../../src/protocol/messages/describe-transactions.js';
import { listTransactionsApi } from '../../src/protocol/messages/list-transactions.js';
import { metadataApi } from '../../src/protocol/messages/metadata.js';
import { ZERO_UUID } from '../../src/protocol/index.js';
import { WireClient } from './wire-client.js';

let broker: Broker;
let client: WireClient;

before(async () => {
  broker = await startBroker({ port: 0, coordinators: { initialRebalanceDelayMs: 0 } });
  client = await WireClient.open(broker.port);
});
after(async () => {
  client.close();
  await broker.close();
});

test('FindCoordinator names this broker, single and batched keys', async () => {
  const v3 = await client.send(findCoordinatorApi, 3, { key: 'g', keyType: 0 });
  assert.equal(v3.errorCode, ErrorCode.NONE);
  assert.equal(v3.port, broker.port);
  const v4 = await client.send(findCoordinatorApi, 4, { keyType: 1, coordinatorKeys: ['a', 'b'] });
  assert.deepEqual(v4.coordinators?.map((c) => [c.key, c.port, c.errorCode]), [['a', broker.port, 0], ['b', broker.port, 0]]);
});

test('group calls in the wrong state: unknown member heartbeat, stale generation sync', async () => {
  const hb = await client.send(heartbeatApi, 4, { groupId: 'nope', generationId: 1, memberId: 'ghost', groupInstanceId: null });
  assert.equal(hb.errorCode, ErrorCode.UNKNOWN_MEMBER_ID);
  const join = (memberId: string) =>
    client.send(joinGroupApi, 5, {
      groupId: 'wg', sessionTimeoutMs: 10000, rebalanceTimeoutMs: 5000, memberId, groupInstanceId: null, protocolType: 'consumer',
      protocols: [{ name: 'range', metadata: Buffer.from([1, 2, 3]) }],
    });
  const first = await join('');
  assert.equal(first.errorCode, ErrorCode.MEMBER_ID_REQUIRED);
  const joined = await join(first.memberId);
  assert.equal(joined.errorCode, ErrorCode.NONE);
  assert.deepEqual(joined.members.map((m) => [...m.metadata]), [[1, 2, 3]]);
  const stale = await client.send(syncGroupApi, 3, { groupId: 'wg', generationId: joined.generationId - 1, memberId: joined.memberId, groupInstanceId: null, assignments: [] });
  assert.equal(stale.errorCode, ErrorCode.ILLEGAL_GENERATION);
  const ok = await client.send(syncGroupApi, 3, {
    groupId: 'wg', generationId: joined.generationId, memberId: joined.memberId, groupInstanceId: null,
    assignments: [{ memberId: joined.memberId, assignment: Buffer.from([9, 8, 7]) }],
  });
  assert.deepEqual([...ok.assignment], [9, 8, 7]);
  const hb2 = await client.send(heartbeatApi, 4, { groupId: 'wg', generationId: joined.generationId + 3, memberId: joined.memberId, groupInstanceId: null });
  assert.equal(hb2.errorCode, ErrorCode.ILLEGAL_GENERATION);
});

test('transaction calls in the wrong state: EndTxn with no transaction, wrong epoch, unknown id', async () => {
  const init = await client.send(initProducerIdApi, 4, { transactionalId: 'wt', transactionTimeoutMs: 10000, producerId: -1n, producerEpoch: -1 });
  assert.equal(init.errorCode, ErrorCode.NONE);
  const end = (epoch: number, transactionalId = 'wt') =>
    client.send(endTxnApi, 3, { transactionalId, producerId: init.producerId, producerEpoch: epoch, committed: true });
  assert.equal((await end(init.producerEpoch)).errorCode, ErrorCode.INVALID_TXN_STATE);
  assert.equal((await end(init.producerEpoch + 1)).errorCode, ErrorCode.PRODUCER_FENCED);
  assert.equal((await end(init.producerEpoch, 'unknown')).errorCode, ErrorCode.INVALID_PRODUCER_ID_MAPPING);
  const add = await client.send(addPartitionsToTxnApi, 3, {
    v3AndBelowTransactionalId: 'wt', v3AndBelowProducerId: init.producerId, v3AndBelowProducerEpoch: init.producerEpoch - 1,
    v3AndBelowTopics: [{ name: 'x', partitions: [0] }],
  });
  assert.equal(add.resultsByTopicV3AndBelow?.[0]?.resultsByPartition[0]?.partitionErrorCode, ErrorCode.PRODUCER_FENCED);
  // Still serving on the same connection.
  assert.equal((await client.send(findCoordinatorApi, 1, { key: 'wt', keyType: 1 })).errorCode, ErrorCode.NONE);
});

test('DescribeTransactions and ListTransactions show the coordinator state', async () => {
  await client.send(metadataApi, 12, { topics: [{ name: 'lt', topicId: ZERO_UUID }], allowAutoTopicCreation: true, includeTopicAuthorizedOperations: false });
  const init = await client.send(initProducerIdApi, 4, { transactionalId: 'listed', transactionTimeoutMs: 10000, producerId: -1n, producerEpoch: -1 });
  await client.send(addPartitionsToTxnApi, 3, {
    v3AndBelowTransactionalId: 'listed', v3AndBelowProducerId: init.producerId, v3AndBelowProducerEpoch: init.producerEpoch,
    v3AndBelowTopics: [{ name: 'lt', partitions: [0] }],
  });
  const d = await client.send(describeTransactionsApi, 0, { transactionalIds: ['listed', 'missing'] });
  assert.deepEqual(d.transactionStates.map((t) => [t.transactionalId, t.errorCode, t.transactionState]), [
    ['listed', 0, 'Ongoing'],
    ['missing', ErrorCode.TRANSACTIONAL_ID_NOT_FOUND, ''],
  ]);
  assert.deepEqual(d.transactionStates[0]!.topics, [{ topic: 'lt', partitions: [0] }]);
  const l = await client.send(listTransactionsApi, 1, { stateFilters: ['Ongoing'], producerIdFilters: [], durationFilter: -1n });
  assert.deepEqual(l.transactionStates.map((t) => t.transactionalId), ['listed']);
});
