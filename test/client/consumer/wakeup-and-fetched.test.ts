// Consumer.wakeup() ends a waiting poll at once; pollFetched() hands over whole fetched chunks and moves
// the position past them, exactly as poll() would after returning their records.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Admin, Consumer, Producer } from '../../../src/client/index.js';
import { startBroker } from '../../../src/broker/index.js';

test('wakeup() makes a poll waiting for records return at once, with none', async (t) => {
  const broker = await startBroker({ port: 0 });
  t.after(() => broker.close());
  const admin = new Admin({ bootstrapServers: broker.address });
  t.after(() => admin.close());
  await admin.createTopics([{ name: 'wake', numPartitions: 1, replicationFactor: 1 }]);
  const consumer = new Consumer({ bootstrapServers: broker.address });
  t.after(() => consumer.close());
  consumer.assign([{ topic: 'wake', partition: 0 }]);
  await consumer.poll({ timeoutMs: 100 }); // connected, position known
  const start = Date.now();
  const polled = consumer.poll({ timeoutMs: 10_000 });
  setTimeout(() => consumer.wakeup(), 100);
  assert.deepEqual(await polled, []);
  const waited = Date.now() - start;
  assert.ok(waited < 2_000, `the poll returned after ${waited} ms`);
  // the next poll waits again as usual
  const again = Date.now();
  await consumer.poll({ timeoutMs: 300 });
  assert.ok(Date.now() - again >= 250);
});

test('pollFetched() returns lazily decoded chunks; the position moves past them', async (t) => {
  const broker = await startBroker({ port: 0 });
  t.after(() => broker.close());
  const admin = new Admin({ bootstrapServers: broker.address });
  t.after(() => admin.close());
  await admin.createTopics([{ name: 'chunks', numPartitions: 2, replicationFactor: 1 }]);
  const producer = new Producer({ bootstrapServers: broker.address });
  for (let i = 0; i < 500; i++) producer.produce({ topic: 'chunks', partition: i % 2, key: `k${i}`, value: `v${i}` });
  await producer.flush();
  await producer.close();
  const consumer = new Consumer({ bootstrapServers: broker.address, autoOffsetReset: 'earliest' });
  t.after(() => consumer.close());
  consumer.assign([{ topic: 'chunks', partition: 0 }, { topic: 'chunks', partition: 1 }]);
  const seen = new Map<number, string[]>([[0, []], [1, []]]);
  for (let deadline = Date.now() + 10_000; seen.get(0)!.length + seen.get(1)!.length < 500 && Date.now() < deadline; ) {
    for (const chunk of await consumer.pollFetched({ timeoutMs: 200, maxRecords: 10 })) {
      const count = chunk.remaining;
      let taken = 0;
      for (let r = chunk.next(); r !== null; r = chunk.next(), taken++) seen.get(chunk.partition)!.push(r.value!.toString());
      assert.equal(taken, count);
      assert.equal(await consumer.position({ topic: 'chunks', partition: chunk.partition }), chunk.nextOffset);
    }
  }
  for (const p of [0, 1]) {
    assert.deepEqual(seen.get(p), Array.from({ length: 250 }, (_, j) => `v${2 * j + p}`));
    assert.equal(await consumer.position({ topic: 'chunks', partition: p }), 250);
  }
});
