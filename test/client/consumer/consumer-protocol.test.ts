import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  decodeAssignment,
  decodeSubscription,
  encodeAssignment,
  encodeSubscription,
} from '../../../src/client/consumer/consumer-protocol.js';
import { cooperativeStickyAssignor, rangeAssignor, roundRobinAssignor } from '../../../src/client/consumer/assignors.js';
import type { GroupMemberInfo } from '../../../src/client/consumer/types.js';

test('subscription v0 has the Java layout: version, topics, userData', () => {
  const buf = encodeSubscription({ topics: ['ab'], userData: Buffer.from([7]) }, 0);
  assert.equal(buf.toString('hex'), '0000' + '00000001' + '0002' + '6162' + '00000001' + '07');
});

test('subscription v3 round-trips owned partitions, generation and rack', () => {
  const s = { topics: ['a', 'b'], userData: Buffer.from('ud'), ownedPartitions: [{ topic: 'a', partitions: [0, 3] }], generationId: 7, rackId: 'r1' };
  const d = decodeSubscription(encodeSubscription(s, 3));
  assert.equal(d.version, 3);
  assert.deepEqual(d.topics, s.topics);
  assert.deepEqual(d.userData, s.userData);
  assert.deepEqual(d.ownedPartitions, s.ownedPartitions);
  assert.equal(d.generationId, 7);
  assert.equal(d.rackId, 'r1');
});

test('subscription decoding of an older version defaults the newer fields', () => {
  const d = decodeSubscription(encodeSubscription({ topics: ['x'], userData: null }, 0));
  assert.deepEqual(d.ownedPartitions, []);
  assert.equal(d.generationId, -1);
  assert.equal(d.userData, null);
});

test('assignment round-trips partitions and per-member userData; empty bytes decode as no assignment', () => {
  const a = { partitions: [{ topic: 't', partitions: [1, 2] }], userData: Buffer.from([1, 2, 3]) };
  const buf = encodeAssignment(a, 0);
  assert.equal(buf.toString('hex'), '0000' + '00000001' + '0001' + '74' + '00000002' + '00000001' + '00000002' + '00000003' + '010203');
  const d = decodeAssignment(buf);
  assert.deepEqual(d.partitions, a.partitions);
  assert.deepEqual(d.userData, a.userData);
  assert.deepEqual(decodeAssignment(Buffer.alloc(0)).partitions, []);
});

function member(id: string, topics: string[], owned: Array<{ topic: string; partitions: number[] }> = [], generationId = -1): GroupMemberInfo {
  return { memberId: id, groupInstanceId: null, subscription: { topics, userData: null, ownedPartitions: owned, generationId, rackId: null } };
}

test('range assignor splits each topic in ranges by member id', async () => {
  const res = await rangeAssignor.assign({ members: [member('b', ['t']), member('a', ['t'])], partitionsPerTopic: new Map([['t', 5]]), generationId: 1 });
  assert.deepEqual(res.get('a')!.partitions, [{ topic: 't', partitions: [0, 1, 2] }]);
  assert.deepEqual(res.get('b')!.partitions, [{ topic: 't', partitions: [3, 4] }]);
});

test('round-robin assignor only gives members topics they subscribe to', async () => {
  const res = await roundRobinAssignor.assign({ members: [member('a', ['t', 'u']), member('b', ['t'])], partitionsPerTopic: new Map([['t', 2], ['u', 2]]), generationId: 1 });
  const all = [...res.values()].flatMap((a) => a.partitions.flatMap((tp) => tp.partitions.map((p) => `${tp.topic}${p}`))).sort();
  assert.deepEqual(all, ['t0', 't1', 'u0', 'u1']);
  assert.ok(res.get('b')!.partitions.every((tp) => tp.topic === 't'));
});

test('cooperative-sticky keeps owned partitions and balances new members in', async () => {
  const res = await cooperativeStickyAssignor.assign({
    members: [member('a', ['t'], [{ topic: 't', partitions: [0, 1, 2, 3, 4, 5] }], 3), member('b', ['t']), member('c', ['t'])],
    partitionsPerTopic: new Map([['t', 6]]),
    generationId: 4,
  });
  const count = (id: string): number => res.get(id)!.partitions.reduce((n, tp) => n + tp.partitions.length, 0);
  assert.equal(count('a'), 2);
  assert.equal(count('b'), 2);
  assert.equal(count('c'), 2);
  // a keeps two of the partitions it owned
  assert.ok(res.get('a')!.partitions[0]!.partitions.every((p) => p < 6));
});
