// Transactional producer against librdkafka's mock cluster. The mock accepts the transactional requests
// (it writes no markers and stores no transactional offsets), so this checks the client's side of the
// protocol; fencing is injected as the coordinator's error answer.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { Consumer, Producer, ProducerFencedError, TransactionStateError, type ConsumerRecord } from '../../src/client/index.js';
import { startControlledMockBroker, type ControlledMockBroker } from './helpers/mock-broker.js';

let broker: ControlledMockBroker;
before(async () => {
  broker = await startControlledMockBroker({ brokers: 3, topics: ['txn-in:1', 'txn-out:2'] });
});
after(async () => {
  await broker?.stop();
});

const common = () => ({ bootstrapServers: broker.bootstrap, retryBackoffMs: 50, connectionTimeoutMs: 1000 });

test('transaction: produce, send consumer offsets with group metadata, commit; abort; then fencing', async () => {
  const seed = new Producer(common());
  for (let i = 0; i < 10; i++) seed.produce({ topic: 'txn-in', value: `in${i}` });
  await seed.close();

  const consumer = new Consumer({ ...common(), groupId: 'g-txn', autoOffsetReset: 'earliest', sessionTimeoutMs: 6000, heartbeatIntervalMs: 300 });
  const producer = new Producer({ ...common(), transactionalId: 'txn-1' });
  try {
    consumer.subscribe(['txn-in']);
    const input: ConsumerRecord[] = [];
    const end = Date.now() + 20000;
    while (input.length < 10 && Date.now() < end) input.push(...(await consumer.poll({ timeoutMs: 300 })));
    assert.equal(input.length, 10);
    const group = consumer.groupMetadata();
    assert.ok(group.generationId > 0 && group.memberId !== '');

    await producer.initTransactions();
    await assert.rejects(producer.send({ topic: 'txn-out', value: 'x' }), TransactionStateError);
    producer.beginTransaction();
    const acks = await Promise.all(input.map((r) => producer.send({ topic: 'txn-out', key: r.value, value: r.value })));
    assert.equal(acks.length, 10);
    await producer.sendOffsetsToTransaction([{ topic: 'txn-in', partition: 0, offset: input.at(-1)!.offset + 1 }], group);
    await producer.commitTransaction();

    producer.beginTransaction();
    await producer.send({ topic: 'txn-out', value: 'aborted' });
    await producer.abortTransaction();

    // The coordinator answers EndTxn with PRODUCER_FENCED (90): another instance took over the id.
    producer.beginTransaction();
    await producer.send({ topic: 'txn-out', value: 'late' });
    await broker.command('errors 26 90');
    await assert.rejects(producer.commitTransaction(), ProducerFencedError);
    assert.throws(() => producer.beginTransaction(), ProducerFencedError);
    await assert.rejects(producer.send({ topic: 'txn-out', value: 'after' }), ProducerFencedError);
  } finally {
    await producer.close();
    await consumer.close();
  }
});

test('a fenced produce (INVALID_PRODUCER_EPOCH) fails the records with ProducerFencedError', async () => {
  const producer = new Producer({ ...common(), transactionalId: 'txn-2' });
  try {
    await producer.initTransactions();
    producer.beginTransaction();
    await producer.send({ topic: 'txn-out', partition: 1, value: 'ok' });
    await broker.command('errors 0 47');
    await assert.rejects(producer.send({ topic: 'txn-out', partition: 1, value: 'fenced' }), ProducerFencedError);
    await assert.rejects(producer.commitTransaction(), ProducerFencedError);
  } finally {
    await producer.close();
  }
});
