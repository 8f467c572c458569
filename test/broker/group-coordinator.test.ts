import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GroupCoordinator } from '../../src/broker/group/group-coordinator.js';
import type { GroupCoordinatorOptions } from '../../src/broker/group/group-coordinator.js';
import { ManualTimer } from '../../src/broker/group/keyed-timer.js';
import { ErrorCode } from '../../src/broker/group/error-codes.js';
import { FileGroupLog } from '../../src/broker/group/file-group-log.js';
import type { GroupProtocol, JoinGroupInput, JoinGroupResult, SyncGroupResult } from '../../src/broker/group/types.js';

const bytes = (s: string): Uint8Array => new TextEncoder().encode(s);

function setup(options: Partial<GroupCoordinatorOptions> = {}) {
  const timer = new ManualTimer(1_000);
  let n = 0;
  const coordinator = new GroupCoordinator({
    timer,
    initialRebalanceDelayMs: 0,
    generateMemberId: (clientId, instanceId) => `${instanceId ?? clientId}-${++n}`,
    ...options,
  });
  return { timer, coordinator };
}

type Box<T> = { value: T | undefined };

function joinReq(over: Partial<JoinGroupInput> = {}): JoinGroupInput {
  return {
    groupId: 'g',
    memberId: '',
    groupInstanceId: null,
    protocolType: 'consumer',
    protocols: [{ name: 'range', metadata: bytes('m') }],
    sessionTimeoutMs: 10_000,
    rebalanceTimeoutMs: 5_000,
    clientId: 'c',
    clientHost: '/127.0.0.1',
    requireKnownMemberId: true,
    supportsSkipAssignment: false,
    ...over,
  };
}

function join_(c: GroupCoordinator, over: Partial<JoinGroupInput> = {}): Box<JoinGroupResult> {
  const box: Box<JoinGroupResult> = { value: undefined };
  c.joinGroup(joinReq(over), (r) => {
    assert.equal(box.value as unknown, undefined, 'join answered twice');
    box.value = r;
  });
  return box;
}

function sync_(
  c: GroupCoordinator,
  memberId: string,
  generationId: number,
  assignments: { memberId: string; assignment: Uint8Array }[] = [],
  groupInstanceId: string | null = null,
): Box<SyncGroupResult> {
  const box: Box<SyncGroupResult> = { value: undefined };
  c.syncGroup({ groupId: 'g', generationId, memberId, groupInstanceId, protocolType: null, protocolName: null, assignments }, (r) => {
    box.value = r;
  });
  return box;
}

/** Dynamic member first join with MEMBER_ID_REQUIRED, then the real join. */
function joinDynamic(c: GroupCoordinator, over: Partial<JoinGroupInput> = {}): { id: string; box: Box<JoinGroupResult> } {
  const first = join_(c, over);
  assert.equal(first.value?.errorCode, ErrorCode.MEMBER_ID_REQUIRED);
  const id = first.value!.memberId;
  assert.ok(id.length > 0);
  return { id, box: join_(c, { ...over, memberId: id }) };
}

test('first join from v4 gets MEMBER_ID_REQUIRED, second join completes a generation', () => {
  const { timer, coordinator } = setup();
  const a = joinDynamic(coordinator);
  timer.advance(0);
  assert.equal(a.box.value?.errorCode, ErrorCode.NONE);
  assert.equal(a.box.value?.generationId, 1);
  assert.equal(a.box.value?.leader, a.id);
  assert.equal(a.box.value?.protocolName, 'range');
  assert.deepEqual(a.box.value?.members.map((m) => m.memberId), [a.id]);
  assert.equal(coordinator.groupState('g')?.state, 'CompletingRebalance');
});

test('v3 and older join directly without MEMBER_ID_REQUIRED', () => {
  const { timer, coordinator } = setup();
  const box = join_(coordinator, { requireKnownMemberId: false });
  timer.advance(0);
  assert.equal(box.value?.errorCode, ErrorCode.NONE);
  assert.ok(box.value!.memberId.length > 0);
});

test('leader gets every member metadata untouched; sync delivers assignments byte for byte', () => {
  const { timer, coordinator } = setup();
  const metaA = new Uint8Array([0, 1, 2, 255, 0, 7]);
  const metaB = new Uint8Array([9, 9, 0, 0]);
  const a = joinDynamic(coordinator, { protocols: [{ name: 'custom', metadata: metaA }] });
  const b = joinDynamic(coordinator, { protocols: [{ name: 'custom', metadata: metaB }], clientId: 'd' });
  timer.advance(0);
  const leader = a.box.value!;
  assert.equal(leader.leader, a.id);
  const byId = new Map(leader.members.map((m) => [m.memberId, m.metadata]));
  assert.deepEqual(byId.get(a.id), metaA);
  assert.deepEqual(byId.get(b.id), metaB);
  assert.deepEqual(b.box.value!.members, []);
  const gen = leader.generationId;
  const asgA = new Uint8Array([1, 2, 3]);
  const asgB = new Uint8Array([0, 0, 0, 0, 42]);
  const sb = sync_(coordinator, b.id, gen);
  assert.equal(sb.value as unknown, undefined, 'follower waits for the leader');
  const sa = sync_(coordinator, a.id, gen, [
    { memberId: a.id, assignment: asgA },
    { memberId: b.id, assignment: asgB },
  ]);
  assert.deepEqual(sa.value?.assignment, asgA);
  assert.deepEqual(sb.value?.assignment, asgB);
  assert.equal(sb.value?.protocolName, 'custom');
  assert.equal(coordinator.groupState('g')?.state, 'Stable');
  // Stable: a late sync gets its stored assignment.
  assert.deepEqual(sync_(coordinator, b.id, gen).value?.assignment, asgB);
});

test('protocol selection: only protocols all members support, most votes, leader order breaks ties', () => {
  const { timer, coordinator } = setup();
  const p = (...names: string[]): GroupProtocol[] => names.map((name) => ({ name, metadata: bytes(name) }));
  const a = joinDynamic(coordinator, { protocols: p('cooperative', 'range', 'roundrobin') });
  joinDynamic(coordinator, { protocols: p('roundrobin', 'range') });
  joinDynamic(coordinator, { protocols: p('roundrobin', 'cooperative', 'range') });
  timer.advance(0);
  // candidates: range, roundrobin (cooperative is missing in member 2); votes: range 1, roundrobin 2.
  assert.equal(a.box.value?.protocolName, 'roundrobin');
  assert.deepEqual(new TextDecoder().decode(a.box.value!.members[0]!.metadata), 'roundrobin');

  const t2 = setup();
  const x = joinDynamic(t2.coordinator, { protocols: p('b', 'a') });
  joinDynamic(t2.coordinator, { protocols: p('a', 'b') });
  t2.timer.advance(0);
  assert.equal(x.box.value?.protocolName, 'b', 'tie: the leader preference wins');
});

test('a member with no common protocol or another protocol type is rejected', () => {
  const { timer, coordinator } = setup();
  joinDynamic(coordinator);
  timer.advance(0);
  assert.equal(join_(coordinator, { protocols: [{ name: 'other', metadata: bytes('') }] }).value?.errorCode, ErrorCode.INCONSISTENT_GROUP_PROTOCOL);
  assert.equal(join_(coordinator, { protocolType: 'connect' }).value?.errorCode, ErrorCode.INCONSISTENT_GROUP_PROTOCOL);
});

test('invalid session timeouts and empty group id', () => {
  const { coordinator } = setup({ minSessionTimeoutMs: 6000 });
  assert.equal(join_(coordinator, { sessionTimeoutMs: 100 }).value?.errorCode, ErrorCode.INVALID_SESSION_TIMEOUT);
  assert.equal(join_(coordinator, { groupId: '' }).value?.errorCode, ErrorCode.INVALID_GROUP_ID);
  assert.equal(join_(coordinator, { memberId: 'ghost' }).value?.errorCode, ErrorCode.UNKNOWN_MEMBER_ID);
});

function stableGroup(c: GroupCoordinator, timer: ManualTimer, count: number, over: Partial<JoinGroupInput> = {}) {
  const members = Array.from({ length: count }, (_, i) => joinDynamic(c, { clientId: `c${i}`, ...over }));
  timer.advance(0);
  const gen = members[0]!.box.value!.generationId;
  const leader = members.find((m) => m.box.value!.leader === m.id)!;
  const syncs = members.filter((m) => m !== leader).map((m) => sync_(c, m.id, gen));
  sync_(c, leader.id, gen, members.map((m) => ({ memberId: m.id, assignment: bytes(`asg-${m.id}`) })));
  for (const s of syncs) assert.equal(s.value?.errorCode, ErrorCode.NONE);
  return { ids: members.map((m) => m.id), gen, leader: leader.id };
}

test('heartbeat: NONE when stable, REBALANCE_IN_PROGRESS while rebalancing, errors for strangers', () => {
  const { timer, coordinator } = setup();
  const { ids, gen } = stableGroup(coordinator, timer, 2);
  const hb = (memberId: string, generationId = gen, groupInstanceId: string | null = null) =>
    coordinator.heartbeat({ groupId: 'g', memberId, generationId, groupInstanceId });
  assert.equal(hb(ids[0]!), ErrorCode.NONE);
  assert.equal(hb('nobody'), ErrorCode.UNKNOWN_MEMBER_ID);
  assert.equal(hb(ids[0]!, gen - 1), ErrorCode.ILLEGAL_GENERATION);
  assert.equal(coordinator.heartbeat({ groupId: 'nogroup', memberId: 'x', generationId: 1, groupInstanceId: null }), ErrorCode.UNKNOWN_MEMBER_ID);
  // A new member triggers a rebalance.
  joinDynamic(coordinator, { clientId: 'new' });
  assert.equal(coordinator.groupState('g')?.state, 'PreparingRebalance');
  assert.equal(hb(ids[1]!), ErrorCode.REBALANCE_IN_PROGRESS);
  assert.equal(sync_(coordinator, ids[1]!, gen).value?.errorCode, ErrorCode.REBALANCE_IN_PROGRESS);
});

test('rebalance timeout: members that do not rejoin are removed and the rest get a new generation', () => {
  const { timer, coordinator } = setup();
  const { ids, gen } = stableGroup(coordinator, timer, 3);
  const newcomer = joinDynamic(coordinator, { clientId: 'new' });
  const r0 = join_(coordinator, { memberId: ids[0]!, clientId: 'c0' });
  // ids[1] keeps heartbeating but never rejoins; ids[2] is silent.
  timer.advance(4_000);
  assert.equal(coordinator.heartbeat({ groupId: 'g', memberId: ids[1]!, generationId: gen, groupInstanceId: null }), ErrorCode.REBALANCE_IN_PROGRESS);
  assert.equal(r0.value as unknown, undefined);
  timer.advance(1_001);
  assert.equal(r0.value?.errorCode, ErrorCode.NONE);
  assert.equal(r0.value?.generationId, gen + 1);
  assert.equal(newcomer.box.value?.generationId, gen + 1);
  assert.deepEqual(coordinator.groupState('g')?.members.sort(), [ids[0]!, newcomer.id].sort());
  assert.equal(
    coordinator.heartbeat({ groupId: 'g', memberId: ids[1]!, generationId: gen + 1, groupInstanceId: null }),
    ErrorCode.UNKNOWN_MEMBER_ID,
  );
});

test('session expiry removes a silent member and rebalances the others', () => {
  const { timer, coordinator } = setup();
  const { ids, gen } = stableGroup(coordinator, timer, 2);
  for (let t = 0; t < 2; t++) {
    timer.advance(4_000);
    assert.equal(coordinator.heartbeat({ groupId: 'g', memberId: ids[0]!, generationId: gen, groupInstanceId: null }), ErrorCode.NONE);
  }
  timer.advance(2_001);
  // ids[1] silent for 10 s = its session.
  assert.deepEqual(coordinator.groupState('g')?.members, [ids[0]!]);
  assert.equal(coordinator.groupState('g')?.state, 'PreparingRebalance');
  const rejoin = join_(coordinator, { memberId: ids[0]!, clientId: 'c0' });
  assert.equal(rejoin.value?.generationId, gen + 1);
  assert.equal(rejoin.value?.leader, ids[0]);
});

test('pending member that never comes back does not block the rebalance', () => {
  const { timer, coordinator } = setup();
  const { ids } = stableGroup(coordinator, timer, 1);
  const first = join_(coordinator, { clientId: 'x' });
  assert.equal(first.value?.errorCode, ErrorCode.MEMBER_ID_REQUIRED);
  // The leader rejoins (forces a rebalance); the pending member never joins with its id.
  const r = join_(coordinator, { memberId: ids[0]!, clientId: 'c0' });
  timer.advance(4_999);
  assert.equal(r.value as unknown, undefined, 'waits for the pending member, at most the rebalance timeout');
  timer.advance(2);
  assert.equal(r.value?.errorCode, ErrorCode.NONE);
});

test('SyncGroup from a stale generation, unknown member, wrong protocol', () => {
  const { timer, coordinator } = setup();
  const { ids, gen } = stableGroup(coordinator, timer, 2);
  assert.equal(sync_(coordinator, ids[0]!, gen + 5).value?.errorCode, ErrorCode.ILLEGAL_GENERATION);
  assert.equal(sync_(coordinator, 'who', gen).value?.errorCode, ErrorCode.UNKNOWN_MEMBER_ID);
  const box: Box<SyncGroupResult> = { value: undefined };
  coordinator.syncGroup(
    { groupId: 'g', generationId: gen, memberId: ids[0]!, groupInstanceId: null, protocolType: 'consumer', protocolName: 'other', assignments: [] },
    (r) => (box.value = r),
  );
  assert.equal(box.value?.errorCode, ErrorCode.INCONSISTENT_GROUP_PROTOCOL);
});

test('members that never send SyncGroup are removed after the rebalance timeout', () => {
  const { timer, coordinator } = setup();
  const a = joinDynamic(coordinator, { clientId: 'a' });
  const b = joinDynamic(coordinator, { clientId: 'b' });
  timer.advance(0);
  const gen = a.box.value!.generationId;
  const leaderId = a.box.value!.leader;
  const otherId = leaderId === a.id ? b.id : a.id;
  // only the leader syncs
  const s = sync_(coordinator, leaderId, gen, [{ memberId: leaderId, assignment: bytes('x') }]);
  assert.equal(s.value?.errorCode, ErrorCode.NONE);
  timer.advance(5_001);
  assert.deepEqual(coordinator.groupState('g')?.members, [leaderId]);
  assert.notEqual(otherId, leaderId);
});

test('LeaveGroup: batched members, unknown and fenced answers, group empties', () => {
  const { timer, coordinator } = setup();
  const s1 = join_(coordinator, { groupInstanceId: 'i1', clientId: 'a' });
  const s2 = join_(coordinator, { groupInstanceId: 'i2', clientId: 'b' });
  timer.advance(0);
  const id1 = s1.value!.memberId;
  const id2 = s2.value!.memberId;
  const res = coordinator.leaveGroup({
    groupId: 'g',
    members: [
      { memberId: id1, groupInstanceId: 'i1' },
      { memberId: 'wrong', groupInstanceId: 'i2' },
      { memberId: 'ghost', groupInstanceId: null },
      { memberId: '', groupInstanceId: 'i3' },
    ],
  });
  assert.equal(res.errorCode, ErrorCode.NONE);
  assert.deepEqual(res.members.map((m) => m.errorCode), [
    ErrorCode.NONE,
    ErrorCode.FENCED_INSTANCE_ID,
    ErrorCode.UNKNOWN_MEMBER_ID,
    ErrorCode.UNKNOWN_MEMBER_ID,
  ]);
  assert.deepEqual(coordinator.groupState('g')?.members, [id2]);
  assert.equal(coordinator.leaveGroup({ groupId: 'g', members: [{ memberId: '', groupInstanceId: 'i2' }] }).members[0]?.errorCode, ErrorCode.NONE);
  assert.equal(coordinator.groupState('g')?.state, 'Empty');
  assert.equal(coordinator.leaveGroup({ groupId: 'nope', members: [] }).errorCode, ErrorCode.UNKNOWN_MEMBER_ID);
});

test('static membership: restart keeps the assignment without a rebalance; the old instance is fenced', () => {
  const { timer, coordinator } = setup();
  const a = join_(coordinator, { groupInstanceId: 'ia', clientId: 'a' });
  const b = join_(coordinator, { groupInstanceId: 'ib', clientId: 'b' });
  timer.advance(0);
  assert.equal(a.value?.errorCode, ErrorCode.NONE, 'static members need no MEMBER_ID_REQUIRED round');
  const gen = a.value!.generationId;
  const leader = a.value!.leader;
  const aId = a.value!.memberId;
  const bId = b.value!.memberId;
  const follower = leader === aId ? { id: bId, inst: 'ib', client: 'b' } : { id: aId, inst: 'ia', client: 'a' };
  const sf = sync_(coordinator, follower.id, gen, [], follower.inst);
  sync_(coordinator, leader, gen, [
    { memberId: aId, assignment: bytes('A') },
    { memberId: bId, assignment: bytes('B') },
  ], leader === aId ? 'ia' : 'ib');
  const followerAsg = sf.value!.assignment;
  // The follower restarts: joins with no member id but the same instance id.
  const again = join_(coordinator, { groupInstanceId: follower.inst, clientId: follower.client });
  assert.equal(again.value?.errorCode, ErrorCode.NONE);
  assert.equal(again.value?.generationId, gen, 'no new generation');
  assert.notEqual(again.value?.memberId, follower.id);
  assert.equal(coordinator.groupState('g')?.state, 'Stable');
  const resync = sync_(coordinator, again.value!.memberId, gen, [], follower.inst);
  assert.deepEqual(resync.value?.assignment, followerAsg);
  // The old process (zombie) is fenced.
  assert.equal(coordinator.heartbeat({ groupId: 'g', memberId: follower.id, generationId: gen, groupInstanceId: follower.inst }), ErrorCode.FENCED_INSTANCE_ID);
  assert.equal(sync_(coordinator, follower.id, gen, [], follower.inst).value?.errorCode, ErrorCode.FENCED_INSTANCE_ID);
});

test('static member restart with changed protocols triggers a rebalance', () => {
  const { timer, coordinator } = setup();
  const a = join_(coordinator, { groupInstanceId: 'ia', clientId: 'a', protocols: [{ name: 'range', metadata: bytes('1') }, { name: 'rr', metadata: bytes('1') }] });
  timer.advance(0);
  sync_(coordinator, a.value!.memberId, a.value!.generationId, [], 'ia');
  const again = join_(coordinator, { groupInstanceId: 'ia', clientId: 'a', protocols: [{ name: 'rr', metadata: bytes('2') }] });
  timer.advance(5_000);
  assert.equal(again.value?.errorCode, ErrorCode.NONE);
  assert.equal(again.value?.generationId, a.value!.generationId + 1);
  assert.equal(again.value?.protocolName, 'rr');
});

test('initial rebalance delay collects members that join while it runs', () => {
  const { timer, coordinator } = setup({ initialRebalanceDelayMs: 300 });
  const a = joinDynamic(coordinator, { clientId: 'a' });
  timer.advance(200);
  const b = joinDynamic(coordinator, { clientId: 'b' });
  timer.advance(200);
  assert.equal(a.box.value as unknown, undefined, 'delay extended by the new member');
  timer.advance(200);
  assert.equal(a.box.value?.generationId, 1);
  assert.equal(b.box.value?.generationId, 1);
  assert.equal(a.box.value?.members.length, 2);
});

test('offset commit and fetch: generation checks, simple commits, unknown offsets', () => {
  const { timer, coordinator } = setup();
  const { ids, gen } = stableGroup(coordinator, timer, 1);
  const commit = (generationId: number, memberId: string, groupId = 'g') =>
    coordinator.commitOffsets({
      groupId,
      generationId,
      memberId,
      groupInstanceId: null,
      apiVersion: 7,
      topics: [{ name: 't', partitions: [{ partition: 0, offset: 42n, leaderEpoch: -1, metadata: 'meta' }] }],
    })[0]!.partitions[0]!.errorCode;
  assert.equal(commit(gen, ids[0]!), ErrorCode.NONE);
  assert.equal(commit(gen + 1, ids[0]!), ErrorCode.ILLEGAL_GENERATION);
  assert.equal(commit(gen, 'stranger'), ErrorCode.UNKNOWN_MEMBER_ID);
  assert.equal(commit(-1, ''), ErrorCode.UNKNOWN_MEMBER_ID, 'simple commit into a live group');
  assert.equal(commit(-1, '', 'simple'), ErrorCode.NONE, 'simple commit creates the group');
  assert.equal(commit(3, 'm', 'absent'), ErrorCode.ILLEGAL_GENERATION);
  const fetched = coordinator.fetchOffsets({ groupId: 'g', topics: [{ name: 't', partitions: [0, 1] }], requireStable: false });
  assert.equal(fetched.topics[0]!.partitions[0]!.offset, 42n);
  assert.equal(fetched.topics[0]!.partitions[0]!.metadata, 'meta');
  assert.equal(fetched.topics[0]!.partitions[1]!.offset, -1n);
  const all = coordinator.fetchOffsets({ groupId: 'simple', topics: null, requireStable: false });
  assert.deepEqual(all.topics.map((t) => [t.name, t.partitions.map((p) => p.offset)]), [['t', [42n]]]);
  assert.deepEqual(coordinator.fetchOffsets({ groupId: 'none', topics: null, requireStable: false }).topics, []);
});

test('transactional offsets are invisible until commit; require_stable answers UNSTABLE_OFFSET_COMMIT', () => {
  const { coordinator } = setup();
  coordinator.commitOffsets({ groupId: 'g', generationId: -1, memberId: '', groupInstanceId: null, apiVersion: 8, topics: [{ name: 't', partitions: [{ partition: 0, offset: 5n, leaderEpoch: -1, metadata: null }] }] });
  coordinator.addTxnOffsets('g', 7n, [{ name: 't', partitions: [{ partition: 0, offset: 10n, leaderEpoch: -1, metadata: null }] }]);
  const q = (requireStable: boolean) => coordinator.fetchOffsets({ groupId: 'g', topics: [{ name: 't', partitions: [0] }], requireStable }).topics[0]!.partitions[0]!;
  assert.equal(q(false).offset, 5n);
  assert.equal(q(true).errorCode, ErrorCode.UNSTABLE_OFFSET_COMMIT);
  coordinator.completeTxnOffsets(7n, ['g'], false);
  assert.equal(q(true).offset, 5n, 'abort discards');
  coordinator.addTxnOffsets('g', 7n, [{ name: 't', partitions: [{ partition: 0, offset: 11n, leaderEpoch: -1, metadata: null }] }]);
  coordinator.completeTxnOffsets(7n, ['g'], true);
  assert.equal(q(true).offset, 11n, 'commit materialises');
});

test('describe, list with state filter, delete groups, offset delete', () => {
  const { timer, coordinator } = setup();
  const { ids } = stableGroup(coordinator, timer, 2);
  coordinator.commitOffsets({ groupId: 'e', generationId: -1, memberId: '', groupInstanceId: null, apiVersion: 8, topics: [{ name: 't', partitions: [{ partition: 0, offset: 1n, leaderEpoch: -1, metadata: null }] }] });
  const [d] = coordinator.describeGroups(['g'], 5);
  assert.equal(d!.groupState, 'Stable');
  assert.equal(d!.protocolData, 'range');
  assert.deepEqual(d!.members.map((m) => m.memberId).sort(), [...ids].sort());
  assert.deepEqual(new TextDecoder().decode(d!.members.find((m) => m.memberId === ids[0])!.assignment), `asg-${ids[0]}`);
  assert.equal(coordinator.describeGroups(['zz'], 5)[0]!.groupState, 'Dead');
  assert.equal(coordinator.describeGroups(['zz'], 6)[0]!.errorCode, ErrorCode.GROUP_ID_NOT_FOUND);
  assert.deepEqual(coordinator.listGroups(null).map((g) => g.groupId).sort(), ['e', 'g']);
  assert.deepEqual(coordinator.listGroups(['stable']).map((g) => g.groupId), ['g']);
  assert.deepEqual(coordinator.listGroups(['Empty']).map((g) => g.groupId), ['e']);
  assert.deepEqual(coordinator.deleteGroups(['g', 'e', 'zz']).map((r) => r.errorCode), [
    ErrorCode.NON_EMPTY_GROUP,
    ErrorCode.NONE,
    ErrorCode.GROUP_ID_NOT_FOUND,
  ]);
  assert.deepEqual(coordinator.fetchOffsets({ groupId: 'e', topics: null, requireStable: false }).topics, []);
  // OffsetDelete: the live "consumer" group is subscribed to the topics in its metadata.
  const sub = new Uint8Array([0, 0, 0, 0, 0, 1, 0, 1, 0x74]); // version 0, ["t"]
  const t2 = setup();
  const m = joinDynamic(t2.coordinator, { protocols: [{ name: 'range', metadata: sub }] });
  t2.timer.advance(0);
  t2.coordinator.commitOffsets({ groupId: 'g', generationId: 1, memberId: m.id, groupInstanceId: null, apiVersion: 8, topics: [{ name: 'u', partitions: [{ partition: 0, offset: 3n, leaderEpoch: -1, metadata: null }] }] });
  const del = t2.coordinator.deleteOffsets('g', [{ name: 't', partitions: [0] }, { name: 'u', partitions: [0] }]);
  assert.deepEqual(del.topics.map((t) => t.partitions[0]!.errorCode), [ErrorCode.GROUP_SUBSCRIBED_TO_TOPIC, ErrorCode.NONE]);
  assert.equal(t2.coordinator.deleteOffsets('nope', []).errorCode, ErrorCode.GROUP_ID_NOT_FOUND);
});

test('disk mode: offsets, group metadata and pending transactional offsets survive a restart', () => {
  const dir = mkdtempSync(join(tmpdir(), 'kstreams-group-'));
  try {
    const timer = new ManualTimer(1_000);
    let n = 0;
    const opts = { timer, initialRebalanceDelayMs: 0, generateMemberId: (c: string) => `${c}-${++n}` };
    const c1 = new GroupCoordinator({ ...opts, log: new FileGroupLog({ dataDir: dir, fsync: false }) });
    const a = join_(c1, { groupInstanceId: 'ia', clientId: 'a' });
    timer.advance(0);
    const gen = a.value!.generationId;
    sync_(c1, a.value!.memberId, gen, [{ memberId: a.value!.memberId, assignment: bytes('ASG') }], 'ia');
    c1.commitOffsets({ groupId: 'g', generationId: gen, memberId: a.value!.memberId, groupInstanceId: 'ia', apiVersion: 8, topics: [{ name: 't', partitions: [{ partition: 2, offset: 99n, leaderEpoch: 3, metadata: 'x' }] }] });
    c1.addTxnOffsets('g2', 5n, [{ name: 't', partitions: [{ partition: 0, offset: 7n, leaderEpoch: -1, metadata: null }] }]);
    c1.close();

    const c2 = new GroupCoordinator({ ...opts, log: new FileGroupLog({ dataDir: dir, fsync: false }) });
    const p = c2.fetchOffsets({ groupId: 'g', topics: [{ name: 't', partitions: [2] }], requireStable: true }).topics[0]!.partitions[0]!;
    assert.equal(p.offset, 99n);
    assert.equal(p.leaderEpoch, 3);
    assert.equal(c2.groupState('g')?.state, 'Stable');
    assert.equal(c2.groupState('g')?.generationId, gen);
    // The static member restarts and gets its assignment back without a rebalance.
    const again = join_(c2, { groupInstanceId: 'ia', clientId: 'a' });
    assert.equal(again.value?.generationId, gen);
    assert.deepEqual(sync_(c2, again.value!.memberId, gen, [], 'ia').value?.assignment, bytes('ASG'));
    assert.equal(
      c2.fetchOffsets({ groupId: 'g2', topics: [{ name: 't', partitions: [0] }], requireStable: true }).topics[0]!.partitions[0]!.errorCode,
      ErrorCode.UNSTABLE_OFFSET_COMMIT,
    );
    c2.completeTxnOffsets(5n, ['g2'], true);
    c2.close();
    const c3 = new GroupCoordinator({ ...opts, log: new FileGroupLog({ dataDir: dir, fsync: false }) });
    assert.equal(c3.fetchOffsets({ groupId: 'g2', topics: null, requireStable: true }).topics[0]!.partitions[0]!.offset, 7n);
    c3.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
