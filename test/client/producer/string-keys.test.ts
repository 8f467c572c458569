// A string key is written as its UTF-8 bytes without a Buffer per record: the bytes, and the partition
// the default partitioner picks from them, are exactly those of the key as `Buffer.from(key, 'utf8')`.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { startBroker } from '../../../src/broker/index.js';
import { Admin, Consumer, Producer, type ConsumerRecord } from '../../../src/client/index.js';
import { murmur2Partition } from '../../../src/client/producer/murmur2.js';
import { Utf8Scratch } from '../../../src/client/producer/utf8-scratch.js';

const KEYS = [
  '',
  'key-0001',
  'ascii but longer than the loop threshold of the scratch encoder, so the native path',
  'grüße',
  '日本語のキー',
  'emoji 😀 pair',
  'lone \ud800 high surrogate',
  'lone \udc00 low surrogate at the end \ud83d',
  `${'x'.repeat(60)}é`,
  'y'.repeat(5000),
];

test('the scratch encoder writes the bytes of Buffer.from(s, "utf8"), and refuses strings too long for it', () => {
  const scratch = new Utf8Scratch();
  for (const s of [...KEYS, ...[...KEYS].reverse()]) {
    const n = scratch.encode(s);
    assert.deepEqual(scratch.buffer.subarray(0, n), Buffer.from(s, 'utf8'), JSON.stringify(s.slice(0, 40)));
  }
  assert.equal(scratch.encode('z'.repeat(100_000)), -1);
});

const broker = await startBroker({ port: 0 });
after(() => broker.close());

test('string keys reach the broker as their UTF-8 bytes, on the partition murmur2 of those bytes picks', { timeout: 20_000 }, async (t) => {
  const admin = new Admin({ bootstrapServers: broker.address });
  t.after(() => admin.close());
  const partitions = 7;
  await admin.createTopics([{ name: 'sk', numPartitions: partitions, replicationFactor: 1 }]);
  const producer = new Producer({ bootstrapServers: broker.address, allowAutoTopicCreation: false });
  t.after(() => producer.close());
  await producer.partitionsFor(['sk']);
  const keys = [...KEYS, 'z'.repeat(20_000)];
  keys.forEach((key, i) => producer.produce({ topic: 'sk', key, value: String(i) }));
  const sent = await producer.send({ topic: 'sk', key: 'grüße', value: 'last' });
  await producer.flush();
  assert.equal(sent.partition, murmur2Partition(Buffer.from('grüße', 'utf8'), partitions));
  const consumer = new Consumer({ bootstrapServers: broker.address, autoOffsetReset: 'earliest' });
  t.after(() => consumer.close());
  consumer.assign(Array.from({ length: partitions }, (_, partition) => ({ topic: 'sk', partition })));
  const got: ConsumerRecord[] = [];
  const deadline = Date.now() + 10_000;
  while (got.length < keys.length + 1 && Date.now() < deadline) got.push(...(await consumer.poll({ timeoutMs: 200 })));
  assert.equal(got.length, keys.length + 1);
  for (const r of got) {
    const value = r.value!.toString();
    const key = value === 'last' ? 'grüße' : keys[Number(value)]!;
    const bytes = Buffer.from(key, 'utf8');
    assert.deepEqual(r.key, bytes, `key of record ${value}`);
    assert.equal(r.partition, murmur2Partition(bytes, partitions), `partition of record ${value}`);
  }
});
