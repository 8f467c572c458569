// A member that finds out only while rejoining that its membership is gone (the JoinGroup answered
// UNKNOWN_MEMBER_ID or ILLEGAL_GENERATION: what a paused process sees when it was paused in the middle of a
// rebalance and evicted meanwhile) has lost its partitions: onLost, never onRevoked (a revocation
// would commit for them under the new generation it is about to get).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Admin, Consumer, cooperativeStickyAssignor, type TopicPartition } from '../../../src/client/index.js';
import { startBroker } from '../../../src/broker/index.js';
import type { JoinGroupRequest, JoinGroupResponse } from '../../../src/protocol/messages/join-group.js';

const JOIN_GROUP = 11;

for (const [name, errorCode] of [
  ['UNKNOWN_MEMBER_ID', 25],
  ['ILLEGAL_GENERATION', 22],
] as const) {
  test(`a rejoin answered ${name} reports the owned partitions lost, then joins as a new member`, async (t) => {
    const broker = await startBroker({ port: 0, coordinators: { initialRebalanceDelayMs: 0 } });
    t.after(() => broker.close());
    const admin = new Admin({ bootstrapServers: broker.address });
    await admin.createTopics([{ name: 'lost-in-join', numPartitions: 2, replicationFactor: 1 }]);
    await admin.close();
    const calls: string[] = [];
    const list = (tps: TopicPartition[]): string => tps.map((tp) => tp.partition).sort().join(',');
    const c = new Consumer({
      bootstrapServers: broker.address,
      groupId: 'g-lost-in-join',
      // cooperative, as the streams assignor: the partitions stay owned through the join (eager gives them up before)
      assignors: [cooperativeStickyAssignor],
      heartbeatIntervalMs: 100,
      sessionTimeoutMs: 1000, // the refused member stays in the group until its session ends
      onRevoked: (tps) => void calls.push(`revoked ${list(tps)}`),
      onLost: (tps) => void calls.push(`lost ${list(tps)}`),
      onAssigned: (tps) => void calls.push(`assigned ${list(tps)}`),
    });
    t.after(() => c.close());
    c.subscribe(['lost-in-join']);
    for (const deadline = Date.now() + 10_000; c.assignment().length < 2 && Date.now() < deadline; ) await c.poll({ timeoutMs: 50 });
    assert.equal(c.assignment().length, 2);
    const firstMember = c.groupMetadata().memberId;

    // the next JoinGroup with the current member id is refused as if the member had been evicted
    let refused = 0;
    broker.intercept((req) => {
      if (req.apiKey !== JOIN_GROUP || refused > 0) return;
      const body = req.body as JoinGroupRequest;
      if (body.memberId !== firstMember) return;
      refused++;
      const response: JoinGroupResponse = { errorCode, generationId: -1, protocolType: 'consumer', protocolName: null, leader: '', skipAssignment: false, memberId: '', members: [] };
      return { action: 'respond', body: response };
    });
    calls.length = 0;
    c.enforceRebalance('test');
    for (const deadline = Date.now() + 10_000; !calls.some((x) => x.startsWith('assigned')) && Date.now() < deadline; ) await c.poll({ timeoutMs: 50 });
    assert.equal(refused, 1);
    assert.deepEqual(calls, ['lost 0,1', 'assigned 0,1'], 'lost (not revoked), then assigned again');
    assert.notEqual(c.groupMetadata().memberId, firstMember, 'joined as a new member');
  });
}
