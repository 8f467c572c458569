// Transactions of the client against kstreams' development broker, whose transaction coordinator writes
// real markers and transactional offsets: commit, abort, offsets sent with a real group's metadata,
// read_committed vs read_uncommitted, and fencing by a second producer with the same transactional id.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { Admin, Consumer, Producer, ProducerFencedError, type ConsumerRecord } from '../../src/client/index.js';
import { startBroker, type Broker } from '../../src/broker/index.js';

let broker: Broker;
before(async () => {
  broker = await startBroker({ port: 0 });
  const admin = new Admin(common());
  await admin.createTopics([
    { name: 'tx-in', numPartitions: 1 },
    { name: 'tx-out', numPartitions: 2 },
    { name: 'tx-fence', numPartitions: 1 },
  ]);
  await admin.close();
});
after(async () => {
  await broker?.close();
});

const common = () => ({ bootstrapServers: broker.address, retryBackoffMs: 50, retryBackoffMaxMs: 300, connectionTimeoutMs: 1000, requestTimeoutMs: 5000 });

async function pollUntil(c: Consumer, n: number, timeoutMs = 15000): Promise<ConsumerRecord[]> {
  const out: ConsumerRecord[] = [];
  const end = Date.now() + timeoutMs;
  while (out.length < n && Date.now() < end) out.push(...(await c.poll({ timeoutMs: 200 })));
  return out;
}

/** Everything in tx-out from the start, in assign mode, until `quietMs` pass without a record. */
async function readAll(isolationLevel: 'read_committed' | 'read_uncommitted'): Promise<string[]> {
  const c = new Consumer({ ...common(), isolationLevel, autoOffsetReset: 'earliest' });
  try {
    c.assign([
      { topic: 'tx-out', partition: 0 },
      { topic: 'tx-out', partition: 1 },
    ]);
    const values: string[] = [];
    let quietSince = Date.now();
    while (Date.now() - quietSince < 1000) {
      const got = await c.poll({ timeoutMs: 200 });
      if (got.length > 0) quietSince = Date.now();
      values.push(...got.map((r) => r.value!.toString()));
    }
    return values.sort();
  } finally {
    await c.close();
  }
}

test('consume-transform-produce: commit with group offsets, abort, isolation levels', async () => {
  const seed = new Producer(common());
  for (let i = 0; i < 10; i++) seed.produce({ topic: 'tx-in', value: `in${i}` });
  await seed.close();

  const consumer = new Consumer({
    ...common(),
    groupId: 'g-tx',
    autoOffsetReset: 'earliest',
    isolationLevel: 'read_committed',
    sessionTimeoutMs: 6000,
    heartbeatIntervalMs: 300,
  });
  const producer = new Producer({ ...common(), transactionalId: 'tx-ctp' });
  const admin = new Admin(common());
  try {
    consumer.subscribe(['tx-in']);
    const input = await pollUntil(consumer, 10);
    assert.equal(input.length, 10);
    const group = consumer.groupMetadata();
    assert.ok(group.generationId > 0 && group.memberId !== '');

    await producer.initTransactions();
    producer.beginTransaction();
    await Promise.all(input.map((r) => producer.send({ topic: 'tx-out', key: r.value, value: `committed-${r.value!.toString()}` })));
    await producer.sendOffsetsToTransaction([{ topic: 'tx-in', partition: 0, offset: input.at(-1)!.offset + 1 }], group);
    // Transactional offsets are invisible to the group until the transaction commits: an unstable-offset
    // fetch (read_uncommitted) sees none yet; a stable one (read_committed) waits for the outcome.
    assert.deepEqual((await admin.listGroupOffsets('g-tx', [{ topic: 'tx-in', partition: 0 }])).map((o) => o.offset), [-1]);
    let stableSettled = false;
    const stable = consumer.committed([{ topic: 'tx-in', partition: 0 }]).finally(() => (stableSettled = true));
    await new Promise((r) => setTimeout(r, 300));
    assert.equal(stableSettled, false, 'a read_committed committed() waits while the transaction is open');
    await producer.commitTransaction();
    assert.deepEqual((await stable).map((o) => o.offset), [10]);
    assert.deepEqual((await consumer.committed([{ topic: 'tx-in', partition: 0 }])).map((o) => o.offset), [10]);

    producer.beginTransaction();
    for (let i = 0; i < 4; i++) await producer.send({ topic: 'tx-out', partition: i % 2, value: `aborted-${i}` });
    await producer.sendOffsetsToTransaction([{ topic: 'tx-in', partition: 0, offset: 3 }], group);
    await producer.abortTransaction();
    // The aborted offsets are dropped: the committed offset stays where the committed transaction put it.
    assert.deepEqual((await consumer.committed([{ topic: 'tx-in', partition: 0 }])).map((o) => o.offset), [10]);

    // A last committed transaction after the aborted one: read_committed must skip the aborted records
    // in the middle of the log, not just stop at them.
    producer.beginTransaction();
    await producer.send({ topic: 'tx-out', partition: 0, value: 'committed-last' });
    await producer.send({ topic: 'tx-out', partition: 1, value: 'committed-last-1' });
    await producer.commitTransaction();
  } finally {
    await admin.close();
    await producer.close();
    await consumer.close();
  }

  const committedValues = [...Array.from({ length: 10 }, (_, i) => `committed-in${i}`), 'committed-last', 'committed-last-1'].sort();
  assert.deepEqual(await readAll('read_committed'), committedValues);
  assert.deepEqual(await readAll('read_uncommitted'), [...committedValues, 'aborted-0', 'aborted-1', 'aborted-2', 'aborted-3'].sort());

  // A new member of the group resumes from the transactionally committed offset.
  const next = new Consumer({ ...common(), groupId: 'g-tx', autoOffsetReset: 'earliest' });
  try {
    const seed2 = new Producer(common());
    await seed2.send({ topic: 'tx-in', value: 'in10' });
    await seed2.close();
    next.subscribe(['tx-in']);
    const got = await pollUntil(next, 1);
    assert.deepEqual(got.map((r) => [r.offset, r.value!.toString()]), [[10, 'in10']]);
  } finally {
    await next.close();
  }
});

test('a second producer with the same transactional id fences the first; its open transaction is aborted', async () => {
  const first = new Producer({ ...common(), transactionalId: 'tx-fenced' });
  const second = new Producer({ ...common(), transactionalId: 'tx-fenced' });
  try {
    await first.initTransactions();
    first.beginTransaction();
    await first.send({ topic: 'tx-fence', value: 'zombie' });

    // initTransactions of the new instance bumps the epoch and aborts the first one's open transaction.
    await second.initTransactions();
    second.beginTransaction();
    await second.send({ topic: 'tx-fence', value: 'fresh' });
    await second.commitTransaction();

    await assert.rejects(first.send({ topic: 'tx-fence', value: 'late' }), ProducerFencedError);
    await assert.rejects(first.commitTransaction(), ProducerFencedError);
    assert.throws(() => first.beginTransaction(), ProducerFencedError);
  } finally {
    await first.close();
    await second.close();
  }

  const read = async (isolationLevel: 'read_committed' | 'read_uncommitted') => {
    const c = new Consumer({ ...common(), isolationLevel, autoOffsetReset: 'earliest' });
    try {
      c.assign([{ topic: 'tx-fence', partition: 0 }]);
      const got = await pollUntil(c, isolationLevel === 'read_committed' ? 1 : 2);
      got.push(...(await c.poll({ timeoutMs: 500 })));
      return got.map((r) => r.value!.toString());
    } finally {
      await c.close();
    }
  };
  assert.deepEqual(await read('read_committed'), ['fresh']);
  assert.deepEqual(await read('read_uncommitted'), ['zombie', 'fresh']);
});
