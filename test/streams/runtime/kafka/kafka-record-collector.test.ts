// The thread's record collector routes a record's send failure to the task that wrote it: 'continue'
// drops it; a handler that fails, or an error no handler may skip (fencing), stops the next send and
// the commit's flushAll() with a ProductionError.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { FailedRecord, ProduceErrorCallback, Producer, ProducerRecord } from '../../../../src/client/index.js';
import { KafkaClientError, ProducerFencedError } from '../../../../src/client/errors.js';
import { KafkaRecordCollector } from '../../../../src/streams/runtime/kafka/kafka-record-collector.js';
import { ProductionError, type FailedProducerRecord } from '../../../../src/streams/errors/index.js';

/** a producer that keeps each record's error callback, to fail records by hand */
function fakeProducer(): { producer: Producer; sent: Array<{ record: ProducerRecord; onError: ProduceErrorCallback | undefined }>; fail(i: number, e: Error): void } {
  const sent: Array<{ record: ProducerRecord; onError: ProduceErrorCallback | undefined }> = [];
  const producer = {
    produce(record: ProducerRecord, onError?: ProduceErrorCallback) {
      sent.push({ record: { ...record }, onError }); // a producer keeps no caller's record object
    },
    flush: () => Promise.resolve(),
  } as unknown as Producer;
  const fail = (i: number, e: Error): void => {
    const { record, onError } = sent[i]!;
    const failed: FailedRecord = { topic: record.topic, partition: record.partition ?? 0, key: record.key as Buffer | null, value: record.value as Buffer | null, timestamp: record.timestamp ?? 0, headers: [] };
    onError?.(e, failed);
  };
  return { producer, sent, fail };
}

const tooLarge = (): KafkaClientError => new KafkaClientError('MESSAGE_TOO_LARGE', { code: 'MESSAGE_TOO_LARGE', errorCode: 10 });
const rec = (topic: string, key: string) => ({ topic, key: Buffer.from(key), value: Buffer.from('v'), timestamp: 5 });

test('each task gets its own records\' failures; continue drops, nothing is thrown', async () => {
  const { producer, fail } = fakeProducer();
  const collector = new KafkaRecordCollector(producer, new Map());
  const seen: Array<[string, FailedProducerRecord]> = [];
  const a = collector.forTask('0_0', (_e, r) => seen.push(['0_0', r]));
  const b = collector.forTask('0_1', (_e, r) => seen.push(['0_1', r]));
  a.send(rec('out', 'ka'));
  b.send(rec('out', 'kb'));
  fail(1, tooLarge());
  fail(0, tooLarge());
  assert.deepEqual(
    seen.map(([task, r]) => [task, r.topic, (r.key as Buffer).toString(), r.partition]),
    [
      ['0_1', 'out', 'kb', 0],
      ['0_0', 'out', 'ka', 0],
    ],
  );
  await collector.flushAll();
  a.send(rec('out', 'more'));
});

test('a failing handler stops the next send of any task and the flush, with the handler\'s ProductionError', async () => {
  const { producer, fail } = fakeProducer();
  const collector = new KafkaRecordCollector(producer, new Map());
  const a = collector.forTask('0_0', (_e, r) => {
    throw new ProductionError(`fail ${r.topic}`);
  });
  const b = collector.forTask('0_1', () => assert.fail('not called'));
  a.send(rec('out', 'ka'));
  fail(0, tooLarge());
  assert.throws(() => b.send(rec('out', 'kb')), { message: 'fail out' });
  await assert.rejects(collector.flushAll(), ProductionError);
});

test('fencing skips the handler and stops the thread', async () => {
  const { producer, fail } = fakeProducer();
  const collector = new KafkaRecordCollector(producer, new Map());
  let called = 0;
  const a = collector.forTask('1_0', () => called++);
  a.send(rec('out', 'k'));
  fail(0, new ProducerFencedError('fenced', 90));
  assert.equal(called, 0);
  await assert.rejects(collector.flushAll(), (e: unknown) => e instanceof ProductionError && /task \[1_0\].*out-0.*fenced/.test(e.message));
});
