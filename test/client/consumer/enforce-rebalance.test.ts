// The consumer's enforceRebalance() (a rejoin at the next poll, new generation, same assignment for a
// lone member, a second member sees the group rebalance too) and currentLag() against the dev broker.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { Admin, Consumer, Producer, type ConsumerOptions, type PartitionAssignor } from '../../../src/client/index.js';
import { rangeAssignor } from '../../../src/client/consumer/assignors.js';
import { startBroker, type Broker } from '../../../src/broker/index.js';

let broker: Broker;
before(async () => {
  broker = await startBroker({ port: 0, coordinators: { initialRebalanceDelayMs: 0 } });
  const admin = new Admin(common());
  await admin.createTopics([
    { name: 'enforce', numPartitions: 2 },
    { name: 'lag', numPartitions: 1 },
  ]);
  await admin.close();
});
after(async () => {
  await broker?.close();
});

const common = () => ({ bootstrapServers: broker.address, retryBackoffMs: 50, retryBackoffMaxMs: 300, requestTimeoutMs: 5000 });

/** the range assignor, counting how often the leader assigns */
function countingAssignor(): PartitionAssignor & { rounds: number } {
  const a = {
    ...rangeAssignor,
    rounds: 0,
    assign(...args: Parameters<PartitionAssignor['assign']>) {
      a.rounds++;
      return rangeAssignor.assign(...args);
    },
  };
  return a;
}

async function pollUntil(c: Consumer, pred: () => boolean, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!pred()) {
    if (Date.now() > deadline) throw new Error('timed out');
    await c.poll({ timeoutMs: 50 });
  }
}

test('enforceRebalance rejoins at the next poll with a new generation and keeps the assignment', async () => {
  const assignor = countingAssignor();
  const options: ConsumerOptions = { ...common(), groupId: 'g-enforce', assignors: [assignor], heartbeatIntervalMs: 100, sessionTimeoutMs: 6000 };
  const c = new Consumer(options);
  try {
    c.subscribe(['enforce']);
    await pollUntil(c, () => c.assignment().length === 2);
    const generation = c.groupMetadata().generationId;
    assert.equal(assignor.rounds, 1);
    c.enforceRebalance('test asked');
    c.enforceRebalance('twice: still one rebalance');
    await c.poll({ timeoutMs: 50 });
    assert.equal(assignor.rounds, 2, 'the leader assigned again');
    assert.equal(c.groupMetadata().generationId, generation + 1);
    assert.deepEqual(c.assignment().map((tp) => tp.partition).sort(), [0, 1]);
    // no further rebalance without another request
    await c.poll({ timeoutMs: 300 });
    assert.equal(assignor.rounds, 2);
  } finally {
    await c.close();
  }
});

test('enforceRebalance on one member makes the other rejoin too (it learns it from its heartbeat)', async () => {
  const base = { ...common(), groupId: 'g-enforce-2', heartbeatIntervalMs: 100, sessionTimeoutMs: 6000 };
  const a = new Consumer({ ...base, assignors: [countingAssignor()] });
  const b = new Consumer({ ...base, assignors: [countingAssignor()] });
  let running = true;
  try {
    a.subscribe(['enforce']);
    b.subscribe(['enforce']);
    const bLoop = (async () => {
      while (running) await b.poll({ timeoutMs: 50 });
    })();
    await pollUntil(a, () => a.assignment().length === 1 && b.assignment().length === 1);
    const generation = a.groupMetadata().generationId;
    a.enforceRebalance();
    await pollUntil(a, () => a.groupMetadata().generationId > generation && b.groupMetadata().generationId === a.groupMetadata().generationId);
    assert.equal(a.assignment().length + b.assignment().length, 2);
    running = false;
    await bLoop;
  } finally {
    running = false;
    await a.close();
    await b.close();
  }
});

test('enforceRebalance needs a subscribed group member', () => {
  const c = new Consumer({ ...common() });
  assert.throws(() => c.enforceRebalance(), /needs a subscribed group member/);
});

test('currentLag is unknown before a fetch, then the high watermark minus the position', async () => {
  const producer = new Producer({ ...common(), lingerMs: 1 });
  for (let i = 0; i < 10; i++) producer.produce({ topic: 'lag', key: null, value: `v${i}` });
  await producer.flush();
  await producer.close();
  const c = new Consumer({ ...common(), autoOffsetReset: 'earliest', maxPollRecords: 4 });
  try {
    const tp = { topic: 'lag', partition: 0 };
    c.assign([tp]);
    assert.equal(c.currentLag(tp), undefined, 'nothing fetched yet');
    const first = await c.poll({ timeoutMs: 5000 });
    assert.equal(first.length, 4);
    assert.equal(c.currentLag(tp), 6, 'fetched but not returned records count as lag');
    let seen = first.length;
    while (seen < 10) seen += (await c.poll({ timeoutMs: 5000 })).length;
    assert.equal(c.currentLag(tp), 0);
    assert.equal(c.currentLag({ topic: 'lag', partition: 7 }), undefined, 'not assigned');
  } finally {
    await c.close();
  }
});
