// Records produced before their topic's metadata is known wait together (one lookup per topic) and
// go out in send order; if the lookup fails, every waiting record fails and flush() reports it.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { startBroker } from '../../../src/broker/index.js';
import { Admin, Consumer, Producer, type ConsumerRecord } from '../../../src/client/index.js';

const broker = await startBroker({ port: 0 });
after(() => broker.close());

test('records sent before metadata arrive keep their order and all flush', async (t) => {
  const admin = new Admin({ bootstrapServers: broker.address });
  t.after(() => admin.close());
  await admin.createTopics([{ name: 'mw-order', numPartitions: 1, replicationFactor: 1 }]);
  const producer = new Producer({ bootstrapServers: broker.address, allowAutoTopicCreation: false });
  t.after(() => producer.close());
  const n = 5000;
  for (let i = 0; i < n; i++) producer.produce({ topic: 'mw-order', partition: 0, key: null, value: String(i) });
  const last = producer.send({ topic: 'mw-order', partition: 0, key: null, value: String(n) });
  await producer.flush();
  assert.equal((await last).offset, n);
  const consumer = new Consumer({ bootstrapServers: broker.address, autoOffsetReset: 'earliest' });
  t.after(() => consumer.close());
  consumer.assign([{ topic: 'mw-order', partition: 0 }]);
  const got: ConsumerRecord[] = [];
  const deadline = Date.now() + 10_000;
  while (got.length < n + 1 && Date.now() < deadline) got.push(...(await consumer.poll({ timeoutMs: 200 })));
  assert.deepEqual(
    got.map((r) => r.value?.toString()),
    Array.from({ length: n + 1 }, (_, i) => String(i)),
  );
});

test('a missing topic fails every waiting record', async (t) => {
  const producer = new Producer({ bootstrapServers: broker.address, allowAutoTopicCreation: false, retries: 1, retryBackoffMs: 10 });
  t.after(() => producer.close());
  const sends = [0, 1, 2].map((i) => producer.send({ topic: 'mw-missing', key: null, value: String(i) }));
  producer.produce({ topic: 'mw-missing', key: null, value: 'x' });
  for (const s of sends) await assert.rejects(s);
  await assert.rejects(producer.flush());
});

test('partitionsFor() loads the metadata of existing topics and refuses unknown ones', async (t) => {
  const admin = new Admin({ bootstrapServers: broker.address });
  t.after(() => admin.close());
  await admin.createTopics([{ name: 'mw-known', numPartitions: 3, replicationFactor: 1 }]);
  const producer = new Producer({ bootstrapServers: broker.address, allowAutoTopicCreation: false });
  t.after(() => producer.close());
  await assert.rejects(producer.partitionsFor(['mw-known', 'mw-never-created']), { code: 'UNKNOWN_TOPIC_OR_PARTITION' });
  const counts = await producer.partitionsFor(['mw-known']);
  assert.deepEqual([...counts], [['mw-known', 3]]);
  // the metadata is there: a record goes straight to its batch and is written
  const meta = await producer.send({ topic: 'mw-known', partition: 2, key: null, value: 'x' });
  assert.equal(meta.partition, 2);
});
