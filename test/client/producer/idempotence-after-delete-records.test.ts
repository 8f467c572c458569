// Regression: an idempotent producer that keeps writing to a partition after DeleteRecords removed
// everything it wrote there (the streams runtime purges repartition topics that way) got
// OUT_OF_ORDER_SEQUENCE_NUMBER ("unknown producer 0 must start at sequence 0") from the bundled broker
// and retried until its delivery timeout. Kafka accepts such a producer at its current sequence.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { startBroker } from '../../../src/broker/index.js';
import { Admin, Consumer, Producer } from '../../../src/client/index.js';

const broker = await startBroker({ port: 0 });
after(() => broker.close());

test('an idempotent producer goes on writing after its records were deleted, large batches, several partitions', { timeout: 30_000 }, async () => {
  const admin = new Admin({ bootstrapServers: broker.address });
  const producer = new Producer({ bootstrapServers: broker.address, batchSize: 262_144, lingerMs: 5, deliveryTimeoutMs: 5000 });
  try {
    await admin.createTopics([{ name: 'purged', numPartitions: 3, replicationFactor: 1 }]);
    const value = Buffer.alloc(100, 7);
    const perRound = 6000;
    for (let round = 0; round < 3; round++) {
      for (let i = 0; i < perRound; i++) producer.produce({ topic: 'purged', key: `k${i}`, value });
      await producer.flush(); // rejected batches would be retried until deliveryTimeoutMs and fail here
      const ends = await admin.listOffsets([0, 1, 2].map((partition) => ({ topic: 'purged', partition, spec: 'latest' as const })));
      // delete everything written so far: the broker forgets the producer on every partition
      await admin.deleteRecords(ends.map((e) => ({ topic: e.topic, partition: e.partition, offset: Number(e.offset) })));
    }
    for (let i = 0; i < 10; i++) producer.produce({ topic: 'purged', partition: i % 3, key: `last${i}`, value: `last${i}` });
    await producer.flush();

    const ends = await admin.listOffsets([0, 1, 2].map((partition) => ({ topic: 'purged', partition, spec: 'latest' as const })));
    assert.equal(ends.reduce((s, e) => s + Number(e.offset), 0), 3 * perRound + 10, 'every record appended once');
    const consumer = new Consumer({ bootstrapServers: broker.address, autoOffsetReset: 'earliest' });
    try {
      consumer.assign([0, 1, 2].map((partition) => ({ topic: 'purged', partition })));
      const seen: string[] = [];
      const deadline = Date.now() + 10_000;
      while (seen.length < 10 && Date.now() < deadline) for (const r of await consumer.poll({ timeoutMs: 200 })) seen.push(r.key!.toString());
      assert.deepEqual(seen.sort(), Array.from({ length: 10 }, (_, i) => `last${i}`).sort(), 'only what follows the last deletion is left');
    } finally {
      await consumer.close();
    }
  } finally {
    await producer.close();
    await admin.close();
  }
});

test('an idempotent producer writing records older than retention.ms goes on while the cleaner deletes them', { timeout: 30_000 }, async () => {
  const quick = await startBroker({ port: 0, cleanerIntervalMs: 50 });
  const admin = new Admin({ bootstrapServers: quick.address });
  const producer = new Producer({ bootstrapServers: quick.address, batchSize: 262_144, lingerMs: 5, deliveryTimeoutMs: 5000 });
  try {
    await admin.createTopics([{ name: 'ancient', numPartitions: 2, replicationFactor: 1 }]);
    let sent = 0;
    for (let round = 0; round < 4; round++) {
      for (let i = 0; i < 2000; i++) producer.produce({ topic: 'ancient', key: `k${i}`, value: 'v', timestamp: 1000 + sent++ });
      await producer.flush();
      await new Promise((r) => setTimeout(r, 200)); // the cleaner removes them (timestamps from 1970)
    }
    const ends = await admin.listOffsets([0, 1].map((partition) => ({ topic: 'ancient', partition, spec: 'latest' as const })));
    const starts = await admin.listOffsets([0, 1].map((partition) => ({ topic: 'ancient', partition, spec: 'earliest' as const })));
    assert.equal(ends.reduce((s, e) => s + Number(e.offset), 0), sent, 'every record appended once');
    assert.ok(starts.some((s) => Number(s.offset) > 0), 'retention did delete records meanwhile');
  } finally {
    await producer.close();
    await admin.close();
    await quick.close();
  }
});
