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

async function readPartition(topic: string, partition: number, count: number): Promise<string[]> {
  const consumer = new Consumer({ bootstrapServers: broker.address, autoOffsetReset: 'earliest' });
  try {
    consumer.assign([{ topic, partition }]);
    const got: string[] = [];
    const deadline = Date.now() + 10_000;
    while (got.length < count && Date.now() < deadline) for (const r of await consumer.poll({ timeoutMs: 200 })) got.push(r.key!.toString());
    // nothing more comes
    for (const r of await consumer.poll({ timeoutMs: 300 })) got.push(r.key!.toString());
    return got;
  } finally {
    await consumer.close();
  }
}

test('a batch over the topic max.message.bytes is split: only the oversized record reaches its callback, its batch mates are delivered in order', async (t) => {
  await createTopic('pe-small', 2, { 'max.message.bytes': '1000' });
  const producer = new Producer({ bootstrapServers: broker.address, lingerMs: 20 });
  t.after(() => producer.close());
  const failures: Array<{ error: Error; record: FailedRecord }> = [];
  const onError = (error: Error, record: FailedRecord): void => {
    failures.push({ error, record });
  };
  // partition 0: one batch of small records with an oversized one in the middle; partition 1: small ones
  const keys0: string[] = [];
  for (let i = 0; i < 9; i++) {
    if (i === 4) producer.produce({ topic: 'pe-small', partition: 0, key: 'big', value: Buffer.alloc(1500, 1), headers: { h: 'x' } }, onError);
    producer.produce({ topic: 'pe-small', partition: 0, key: `a${i}`, value: Buffer.alloc(60, 2) }, onError);
    keys0.push(`a${i}`);
  }
  for (let i = 0; i < 5; i++) producer.produce({ topic: 'pe-small', partition: 1, key: `s${i}`, value: `v${i}` }, onError);
  await producer.flush(); // reports nothing: the callback got the failure
  assert.equal(failures.length, 1);
  const f = failures[0]!;
  assert.equal((f.error as { code?: string }).code, 'MESSAGE_TOO_LARGE');
  assert.equal(f.record.topic, 'pe-small');
  assert.equal(f.record.partition, 0);
  assert.equal(f.record.key?.toString(), 'big');
  assert.equal(f.record.value?.length, 1500);
  assert.deepEqual(
    f.record.headers.map((h) => [h.key, h.value?.toString()]),
    [['h', 'x']],
  );
  assert.deepEqual(await readPartition('pe-small', 0, keys0.length), keys0, 'every other record once, in order');
  assert.deepEqual(await readPartition('pe-small', 1, 5), ['s0', 's1', 's2', 's3', 's4']);
  // the producer goes on
  const meta = await producer.send({ topic: 'pe-small', partition: 0, key: 'ok', value: 'fits' });
  assert.equal(meta.offset, keys0.length);
});

test('idempotence: batches behind a rejected one take over its sequence numbers and are delivered once, in order', async (t) => {
  await createTopic('pe-seq', 1, { 'max.message.bytes': '1000' });
  // small batches: the oversized record is alone in its batch, the records after it in later batches, in flight together
  const producer = new Producer({ bootstrapServers: broker.address, lingerMs: 5, batchSize: 300 });
  t.after(() => producer.close());
  const failed: string[] = [];
  const onError = (_e: Error, r: FailedRecord): void => {
    failed.push(r.key!.toString());
  };
  const keys: string[] = [];
  for (let round = 0; round < 3; round++) {
    for (let i = 0; i < 6; i++) {
      producer.produce({ topic: 'pe-seq', partition: 0, key: `r${round}-${i}`, value: Buffer.alloc(80, 3) }, onError);
      keys.push(`r${round}-${i}`);
    }
    producer.produce({ topic: 'pe-seq', partition: 0, key: `big${round}`, value: Buffer.alloc(1200, 4) }, onError);
  }
  for (let i = 0; i < 6; i++) {
    producer.produce({ topic: 'pe-seq', partition: 0, key: `tail${i}`, value: Buffer.alloc(80, 5) }, onError);
    keys.push(`tail${i}`);
  }
  await producer.flush();
  assert.deepEqual(failed, ['big0', 'big1', 'big2']);
  assert.deepEqual(await readPartition('pe-seq', 0, keys.length), keys);
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
