import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  assignGroup,
  decodeAssignmentInfo,
  decodeSubscriptionInfo,
  encodeAssignmentInfo,
  encodeSubscriptionInfo,
  planTasks,
  SHUTDOWN_REQUESTED,
  type StreamsMember,
  type SubscriptionInfo,
  type TopicPartitionRef,
} from '../../src/streams/assignment/index.js';

const plan = planTasks(
  {
    subtopologies: new Map([
      [0, { sourceTopics: new Set(['text']), sinkTopics: new Set(['app-r-repartition']), repartitionSourceTopics: new Map(), stateChangelogTopics: new Map() }],
      [
        1,
        {
          sourceTopics: new Set(['app-r-repartition']),
          sinkTopics: new Set<string>(),
          repartitionSourceTopics: new Map([['app-r-repartition', {}]]),
          stateChangelogTopics: new Map([['app-counts-changelog', { store: 'counts', config: {} }]]),
        },
      ],
    ]),
    copartitionGroups: [],
  },
  new Map([['text', 4]]),
);
const config = { numStandbyReplicas: 1, acceptableRecoveryLag: 10_000, maxWarmupReplicas: 2, probingRebalanceIntervalMs: 600_000 };
const P1 = '11111111-1111-1111-1111-111111111111';
const P2 = '22222222-2222-2222-2222-222222222222';

function member(memberId: string, processId: string, extra: Partial<SubscriptionInfo> = {}, owned: TopicPartitionRef[] = []): StreamsMember {
  const info: SubscriptionInfo = {
    version: 1,
    latestSupportedVersion: 1,
    processId,
    userEndPoint: processId === P1 ? 'h1:1' : 'h2:2',
    prevActiveTasks: [],
    prevStandbyTasks: [],
    taskOffsetSums: new Map(),
    uniqueField: 0,
    errorCode: 0,
    clientTags: new Map(),
    ...extra,
  };
  // what travels is bytes: go through the codec as the group protocol would
  return { memberId, info: decodeSubscriptionInfo(encodeSubscriptionInfo(info)), ownedPartitions: owned };
}

test('two instances with two threads each: every input partition to exactly one thread, standbys on the other instance', () => {
  const members = [member('m1', P1), member('m2', P1), member('m3', P2), member('m4', P2)];
  const r = assignGroup({ members, plan, endOffsetSums: new Map(), config, nowMs: 0 });
  const all = [...r.members.values()].flatMap((m) => m.partitions.map((tp) => `${tp.topic}:${tp.partition}`)).sort();
  assert.deepEqual(all, [...plan.taskForPartition.keys()].sort());
  for (const m of r.members.values()) assert.equal(m.info.activeTasks.size, 2, 'eight tasks over four threads');
  for (const t of plan.statefulTasks) {
    const activeOn = members.find((m) => r.members.get(m.memberId)!.info.activeTasks.has(t))!.info.processId;
    const standbyOn = members.filter((m) => r.members.get(m.memberId)!.info.standbyTasks.has(t)).map((m) => m.info.processId);
    assert.deepEqual(standbyOn, [activeOn === P1 ? P2 : P1]);
  }
  const info = decodeAssignmentInfo(encodeAssignmentInfo(r.members.get('m1')!.info));
  assert.equal(info.partitionsByHost.get('h1:1')!.length + info.partitionsByHost.get('h2:2')!.length, 8);
  assert.equal(info.nextRebalanceMs, -1);
});

test('cooperative: a task whose partition another member still owns is withheld until that member revokes it', () => {
  // m1 owned everything; m3 joins
  const owned = [...plan.taskForPartition.keys()].map((k) => ({ topic: k.split(':')[0]!, partition: Number(k.split(':')[1]) }));
  const prev = [...plan.tasks.keys()];
  const sums = new Map([...plan.statefulTasks].map((t) => [t, -2]));
  const m1 = member('m1', P1, { prevActiveTasks: prev, taskOffsetSums: sums }, owned);
  const m3 = member('m3', P2);
  const end = new Map([...plan.statefulTasks].map((t) => [t, 500]));
  const first = assignGroup({ members: [m1, m3], plan, endOffsetSums: end, config, nowMs: 1000 });
  // stateless tasks move to m3 but are withheld in this round; stateful ones stay (m3 is not caught up) and warm up
  assert.equal(first.members.get('m3')!.partitions.length, 0);
  assert.ok(first.withheldTasks.size > 0);
  assert.equal(first.members.get('m3')!.info.nextRebalanceMs, 0, 'immediate follow-up for the member that waits');
  const m1Kept = first.members.get('m1')!.partitions.length;
  assert.equal(m1Kept, 8 - first.withheldTasks.size, 'm1 gives the withheld partitions up');
  assert.ok(first.members.get('m3')!.info.standbyTasks.size > 0, 'warm-ups/standbys on the newcomer');

  // second phase: m1 revoked, now owns only what it kept
  const m1After = member('m1', P1, { prevActiveTasks: [...first.members.get('m1')!.info.activeTasks.keys()], taskOffsetSums: sums }, first.members.get('m1')!.partitions);
  const second = assignGroup({ members: [m1After, m3], plan, endOffsetSums: end, config, nowMs: 2000 });
  assert.equal(second.withheldTasks.size, 0);
  for (const t of first.withheldTasks) assert.ok(second.members.get('m3')!.info.activeTasks.has(t), `${t} handed over`);
});

test('an instance asking for application shutdown makes the leader tell everyone', () => {
  const r = assignGroup({ members: [member('m1', P1, { errorCode: SHUTDOWN_REQUESTED }), member('m3', P2)], plan, endOffsetSums: new Map(), config, nowMs: 0 });
  for (const m of r.members.values()) {
    assert.equal(m.info.errorCode, SHUTDOWN_REQUESTED);
    assert.equal(m.partitions.length, 0);
  }
});
