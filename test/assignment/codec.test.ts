import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  AssignmentError,
  decodeAssignmentInfo,
  decodeSubscriptionInfo,
  encodeAssignmentInfo,
  encodeSubscriptionInfo,
  LATEST_OFFSET,
  type AssignmentInfo,
  type SubscriptionInfo,
} from '../../src/streams/assignment/index.js';

const subscription: SubscriptionInfo = {
  version: 1,
  latestSupportedVersion: 1,
  processId: '0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0',
  userEndPoint: 'host-a:8080',
  prevActiveTasks: ['0_0', '1_3'],
  prevStandbyTasks: ['0_2'],
  taskOffsetSums: new Map([
    ['0_0', LATEST_OFFSET],
    ['0_2', 123_456_789_012],
    ['1_3', LATEST_OFFSET],
  ]),
  uniqueField: 7,
  errorCode: 0,
  clientTags: new Map([['rack', 'r1']]),
};

test('subscription info survives encode/decode with every field', () => {
  const decoded = decodeSubscriptionInfo(encodeSubscriptionInfo(subscription));
  assert.deepEqual(decoded, subscription);
});

test('assignment info survives encode/decode, partitions grouped per topic and regrouped in order', () => {
  const info: AssignmentInfo = {
    version: 1,
    commonlySupportedVersion: 1,
    activeTasks: new Map([
      ['0_1', [{ topic: 'in', partition: 1 }, { topic: 'app-x-repartition', partition: 1 }]],
      ['2_0', [{ topic: 'other', partition: 0 }]],
    ]),
    standbyTasks: new Map([['0_0', [{ topic: 'in', partition: 0 }]]]),
    partitionsByHost: new Map([['a:1', [{ topic: 'in', partition: 1 }]]]),
    standbyPartitionsByHost: new Map([['a:1', [{ topic: 'in', partition: 0 }]]]),
    errorCode: 0,
    nextRebalanceMs: 1_700_000_000_000,
  };
  assert.deepEqual(decodeAssignmentInfo(encodeAssignmentInfo(info)), info);
});

test('truncated or foreign userData is rejected with a typed error', () => {
  const bytes = encodeSubscriptionInfo(subscription);
  for (const cut of [0, 3, 12, 30, bytes.length - 1]) {
    assert.throws(() => decodeSubscriptionInfo(bytes.subarray(0, cut)), (e: unknown) => e instanceof AssignmentError && e.code === 'MALFORMED_USER_DATA');
  }
  assert.throws(() => decodeAssignmentInfo(bytes), (e: unknown) => e instanceof AssignmentError && e.code === 'MALFORMED_USER_DATA');
  assert.throws(() => encodeSubscriptionInfo({ ...subscription, processId: 'nope' }), AssignmentError);
});
