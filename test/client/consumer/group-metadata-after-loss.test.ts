// KIP-447 fencing of a paused member: a process paused past its session is evicted; when it resumes, its
// first heartbeat finds the membership gone (UNKNOWN_MEMBER_ID) and resets the member's generation and id
// in the background, possibly while the application is in the middle of a transaction. The group identity
// the application then passes to sendOffsetsToTransaction must still be the one of its last join, so the
// coordinator refuses the offsets and the transaction cannot commit: generation -1 with no member id
// would pass as a group-less (legacy) transactional commit, and the zombie's stale writes would commit.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Admin, Consumer, Producer } from '../../../src/client/index.js';
import { startBroker, type InterceptAction, type InterceptedRequest } from '../../../src/broker/index.js';
import type { HeartbeatRequest } from '../../../src/protocol/messages/heartbeat.js';

const HEARTBEAT = 12;

async function until(what: string, cond: () => boolean | Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  for (const deadline = Date.now() + timeoutMs; !(await cond()); ) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

test('after its membership was found gone by a heartbeat, a member cannot commit a transaction with its group identity', async (t) => {
  let fault: ((req: InterceptedRequest) => InterceptAction | undefined) | undefined;
  const broker = await startBroker({ port: 0, coordinators: { initialRebalanceDelayMs: 0 }, interceptor: (req) => fault?.(req) });
  t.after(() => broker.close());
  const bootstrapServers = broker.address;
  const admin = new Admin({ bootstrapServers });
  t.after(() => admin.close());
  await admin.createTopics([
    { name: 'meta-in', numPartitions: 1, replicationFactor: 1 },
    { name: 'meta-out', numPartitions: 1, replicationFactor: 1 },
  ]);
  const consumer = new Consumer({ bootstrapServers, groupId: 'g-meta-loss', sessionTimeoutMs: 1000, heartbeatIntervalMs: 100, isolationLevel: 'read_committed' });
  t.after(() => consumer.close());
  consumer.subscribe(['meta-in']);
  await until('the assignment', async () => (await consumer.poll({ timeoutMs: 50 }), consumer.assignment().length === 1));
  const joined = consumer.groupMetadata();
  assert.ok(joined.generationId > 0 && joined.memberId !== '');

  const producer = new Producer({ bootstrapServers, transactionalId: 'meta-loss-tx' });
  t.after(() => producer.close());
  await producer.initTransactions();
  producer.beginTransaction();
  await producer.send({ topic: 'meta-out', partition: 0, value: 'written before the pause' });

  // the pause: the member's heartbeats never reach the coordinator (answered here, so the client sees
  // nothing wrong), until its session expires and the group drops it
  fault = (req) => (req.apiKey === HEARTBEAT ? { action: 'respond', body: { throttleTimeMs: 0, errorCode: 0 } } : undefined);
  await until('the eviction', async () => (await admin.describeGroups(['g-meta-loss']))[0]!.members.length === 0);
  // the resumption: the next heartbeat reaches the coordinator and is answered UNKNOWN_MEMBER_ID
  let heartbeats = 0;
  fault = (req) => {
    if (req.apiKey === HEARTBEAT && (req.body as HeartbeatRequest).memberId === joined.memberId) heartbeats++;
    return undefined;
  };
  await until('a heartbeat of the evicted member', () => heartbeats > 0);
  await new Promise((r) => setTimeout(r, 200)); // its answer has been handled (no poll meanwhile)

  assert.deepEqual(consumer.groupMetadata(), joined, 'the identity of the last join, until the next one');
  await assert.rejects(producer.sendOffsetsToTransaction([{ topic: 'meta-in', partition: 0, offset: 1 }], consumer.groupMetadata()), /UNKNOWN_MEMBER_ID|ILLEGAL_GENERATION/);
  await producer.abortTransaction();
  const committed = await admin.listGroupOffsets('g-meta-loss', [{ topic: 'meta-in', partition: 0 }]);
  assert.deepEqual(
    committed.map((o) => o.offset),
    [-1],
    'no offset committed by the evicted member',
  );
});
