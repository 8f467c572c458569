// A read_committed consumer's position moves past what it skips (aborted records and transaction
// markers) even when no record follows: a changelog that ends with an aborted transaction must still
// read as fully consumed (the streams restorer waits for position >= end offset).
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { startBroker } from '../../../src/broker/index.js';
import { Admin, Consumer, Producer } from '../../../src/client/index.js';

const broker = await startBroker({ port: 0 });
after(() => broker.close());

test('read_committed: the position passes an aborted transaction at the end of the log', async () => {
  const bootstrap = broker.address;
  const admin = new Admin({ bootstrapServers: bootstrap });
  await admin.createTopics([{ name: 'tail', numPartitions: 1, replicationFactor: 1 }]);
  const plain = new Producer({ bootstrapServers: bootstrap });
  await plain.send({ topic: 'tail', partition: 0, key: 'a', value: 'committed' });
  await plain.close();
  const txn = new Producer({ bootstrapServers: bootstrap, transactionalId: 'tail-txn' });
  await txn.initTransactions();
  txn.beginTransaction();
  for (let i = 0; i < 3; i++) await txn.send({ topic: 'tail', partition: 0, key: 'b', value: `aborted-${i}` });
  await txn.abortTransaction();
  await txn.close();
  const [end] = await admin.listOffsets([{ topic: 'tail', partition: 0, spec: 'latest' }]);
  await admin.close();
  assert.equal(Number(end!.offset), 5); // 1 record, 3 aborted, 1 abort marker

  const consumer = new Consumer({ bootstrapServers: bootstrap, isolationLevel: 'read_committed', autoOffsetReset: 'earliest' });
  try {
    consumer.assign([{ topic: 'tail', partition: 0 }]);
    const seen: string[] = [];
    const deadline = Date.now() + 5000;
    let position = 0;
    while (Date.now() < deadline) {
      for (const r of await consumer.poll({ timeoutMs: 100 })) seen.push(String(r.value));
      position = await consumer.position({ topic: 'tail', partition: 0 });
      if (position === 5) break;
    }
    assert.deepEqual(seen, ['committed']);
    assert.equal(position, 5);
  } finally {
    await consumer.close();
  }
});
