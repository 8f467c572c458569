// A standby's collector refuses writes until the task is promoted, then passes a sink's fields on:
// as they are to the thread's collector, or as a record (a string key as its UTF-8 bytes) to any other.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Headers, type RecordCollector } from '../../../../src/index.js';
import { PromotableCollector } from '../../../../src/streams/runtime/kafka/promotable-collector.js';
import type { DirectSendCollector } from '../../../../src/streams/runtime/direct-send.js';

test('a standby refuses sink writes; once promoted they go to the thread collector as fields', () => {
  const collector = new PromotableCollector();
  const headers = new Headers();
  assert.throws(() => collector.sendFields('out', 'k', null, 5, headers, undefined), { code: 'ILLEGAL_STATE' });
  const got: unknown[][] = [];
  const direct: DirectSendCollector = {
    send: () => assert.fail('not the record path'),
    sendFields: (...args) => void got.push(args),
  };
  collector.promote(direct);
  collector.sendFields('out', 'k', Buffer.from('v'), 5, headers, 3);
  assert.deepEqual(got, [['out', 'k', Buffer.from('v'), 5, headers, 3]]);
});

test('promoted to a collector that only takes records, a sink write becomes one (string key as bytes)', () => {
  const collector = new PromotableCollector();
  const sent: Array<Parameters<RecordCollector['send']>[0]> = [];
  collector.promote({ send: (r) => void sent.push(r) });
  const headers = new Headers();
  collector.sendFields('out', 'kä', Buffer.from('v'), 5, headers, undefined);
  collector.sendFields('out', null, null, 6, headers, 1);
  assert.deepEqual(sent, [
    { topic: 'out', key: Buffer.from('kä'), value: Buffer.from('v'), timestamp: 5, headers },
    { topic: 'out', key: null, value: null, timestamp: 6, headers, partition: 1 },
  ]);
});
