// produce(record, onError): a record that finally fails is reported to its callback, naming the record,
// instead of to the next flush(); retriable failures are retried until deliveryTimeoutMs first.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { startBroker } from '../../../src/broker/index.js';
import { Admin, Consumer, Producer, type FailedRecord } from '../../../src/client/index.js';

const broker = await startBroker({ port: 0 });
after(() => broker.close());

async function createTopic(name: string, partitions: number, configs: Record<string, string> = {}): Promise<void> {
  const admin = new Admin({ bootstrapServers: broker.address });
  try {
    await admin.createTopics([{ name, numPartitions: partitions, replicationFactor: 1, configs }]);
  } finally {
    await admin.close();
  }
}

test('a batch over the topic max.message.bytes: each of its records reaches the callback once, flush() does not throw, other partitions deliver', async (t) => {
  await createTopic('pe-small', 2, { 'max.message.bytes': '1000' });
  const producer = new Producer({ bootstrapServers: broker.address, lingerMs: 20 });
  t.after(() => producer.close());
  const failures: Array<{ error: Error; record: FailedRecord }> = [];
  const onError = (error: Error, record: FailedRecord): void => {
    failures.push({ error, record });
  };
  // partition 0: two records that fit alone but not together in one batch; partition 1: small ones
  producer.produce({ topic: 'pe-small', partition: 0, key: 'big1', value: Buffer.alloc(700, 1), headers: { h: 'x' } }, onError);
  producer.produce({ topic: 'pe-small', partition: 0, key: 'big2', value: Buffer.alloc(700, 2) }, onError);
  for (let i = 0; i < 5; i++) producer.produce({ topic: 'pe-small', partition: 1, key: `s${i}`, value: `v${i}` }, onError);
  await producer.flush(); // reports nothing: the callback got the failures
  assert.deepEqual(
    failures.map((f) => f.record.key?.toString()),
    ['big1', 'big2'],
  );
  for (const f of failures) {
    assert.equal((f.error as { code?: string }).code, 'MESSAGE_TOO_LARGE');
    assert.equal(f.record.topic, 'pe-small');
    assert.equal(f.record.partition, 0);
    assert.equal(f.record.value?.length, 700);
  }
  assert.deepEqual(
    failures[0]!.record.headers.map((h) => [h.key, h.value?.toString()]),
    [['h', 'x']],
  );
  const consumer = new Consumer({ bootstrapServers: broker.address, autoOffsetReset: 'earliest' });
  t.after(() => consumer.close());
  consumer.assign([{ topic: 'pe-small', partition: 1 }]);
  const got: string[] = [];
  const deadline = Date.now() + 10_000;
  while (got.length < 5 && Date.now() < deadline) for (const r of await consumer.poll({ timeoutMs: 200 })) got.push(r.value!.toString());
  assert.deepEqual(got, ['v0', 'v1', 'v2', 'v3', 'v4']);

  // the producer goes on: a record that fits is delivered after the failure
  const meta = await producer.send({ topic: 'pe-small', partition: 0, key: 'ok', value: 'fits' });
  assert.equal(meta.partition, 0);
});

test('without a callback the failure is still thrown by flush(); send() rejects', async (t) => {
  await createTopic('pe-small-2', 1, { 'max.message.bytes': '500' });
  const producer = new Producer({ bootstrapServers: broker.address, lingerMs: 1 });
  t.after(() => producer.close());
  producer.produce({ topic: 'pe-small-2', key: 'big', value: Buffer.alloc(800) });
  await assert.rejects(producer.flush(), { code: 'MESSAGE_TOO_LARGE' });
  await assert.rejects(producer.send({ topic: 'pe-small-2', key: 'big', value: Buffer.alloc(800) }), { code: 'MESSAGE_TOO_LARGE' });
});

test('a record for a partition that does not exist reaches the callback at once', async (t) => {
  await createTopic('pe-one', 1);
  const producer = new Producer({ bootstrapServers: broker.address });
  t.after(() => producer.close());
  await producer.send({ topic: 'pe-one', key: null, value: 'warm-up' }); // metadata known
  const failures: FailedRecord[] = [];
  producer.produce({ topic: 'pe-one', partition: 3, key: 'k', value: 'v' }, (_e, r) => failures.push(r));
  assert.equal(failures.length, 1);
  assert.equal(failures[0]!.partition, 3);
  assert.equal(failures[0]!.key?.toString(), 'k');
  await producer.flush();
});

test('a deleted topic: the retriable error is retried until deliveryTimeoutMs, then the callback gets it', async (t) => {
  await createTopic('pe-deleted', 1);
  const producer = new Producer({ bootstrapServers: broker.address, allowAutoTopicCreation: false, deliveryTimeoutMs: 800, retryBackoffMs: 50, lingerMs: 1 });
  t.after(() => producer.close());
  await producer.send({ topic: 'pe-deleted', partition: 0, key: null, value: 'before' });
  const admin = new Admin({ bootstrapServers: broker.address });
  await admin.deleteTopics(['pe-deleted']);
  await admin.close();
  const start = Date.now();
  const failures: Array<{ error: Error; record: FailedRecord; at: number }> = [];
  producer.produce({ topic: 'pe-deleted', partition: 0, key: 'late', value: 'v' }, (error, record) => failures.push({ error, record, at: Date.now() }));
  await producer.flush();
  assert.equal(failures.length, 1);
  assert.equal(failures[0]!.record.key?.toString(), 'late');
  assert.ok(failures[0]!.at - start >= 700, `retried for the delivery timeout first (failed after ${failures[0]!.at - start} ms)`);
  assert.equal((failures[0]!.error as { code?: string }).code, 'DELIVERY_TIMEOUT');
});

test('an exception thrown by the callback is reported by flush()', async (t) => {
  await createTopic('pe-throw', 1, { 'max.message.bytes': '500' });
  const producer = new Producer({ bootstrapServers: broker.address, lingerMs: 1 });
  t.after(() => producer.close());
  producer.produce({ topic: 'pe-throw', key: 'big', value: Buffer.alloc(800) }, () => {
    throw new Error('callback bug');
  });
  await assert.rejects(producer.flush(), /callback bug/);
});
