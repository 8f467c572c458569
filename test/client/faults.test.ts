// Faults against librdkafka's mock cluster with fault injection: brokers going down and coming back
// (a broker restart as the client sees it), injected retriable errors, leaders moving.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { Consumer, Producer, type ConsumerRecord } from '../../src/client/index.js';
import { startControlledMockBroker, type ControlledMockBroker } from './helpers/mock-broker.js';

let broker: ControlledMockBroker;
before(async () => {
  broker = await startControlledMockBroker({ brokers: 3, topics: ['restart-produce:3', 'restart-consume:2', 'errors:1', 'moves:1'] });
});
after(async () => {
  await broker?.stop();
});

const common = () => ({ bootstrapServers: broker.bootstrap, retryBackoffMs: 50, retryBackoffMaxMs: 300, connectionTimeoutMs: 1000, requestTimeoutMs: 3000 });
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function readAll(topic: string, partitions: number, expected: number): Promise<ConsumerRecord[]> {
  const c = new Consumer({ ...common(), autoOffsetReset: 'earliest' });
  c.assign(Array.from({ length: partitions }, (_, partition) => ({ topic, partition })));
  const out: ConsumerRecord[] = [];
  const end = Date.now() + 15000;
  try {
    while (Date.now() < end && out.length < expected) out.push(...(await c.poll({ timeoutMs: 300 })));
    // and nothing more arrives
    out.push(...(await c.poll({ timeoutMs: 300 })));
  } finally {
    await c.close();
  }
  return out;
}

function assertExactlyOnceInOrder(records: ConsumerRecord[], count: number): void {
  const seen = new Map<string, number>();
  for (const r of records) seen.set(r.value!.toString(), (seen.get(r.value!.toString()) ?? 0) + 1);
  const missing = Array.from({ length: count }, (_, i) => `v${i}`).filter((v) => !seen.has(v));
  const duplicated = [...seen].filter(([, n]) => n > 1).map(([v]) => v);
  assert.deepEqual({ missing: missing.slice(0, 10), duplicated: duplicated.slice(0, 10) }, { missing: [], duplicated: [] });
  // per partition, values keep the order they were sent in
  const byPartition = new Map<number, number[]>();
  for (const r of records) {
    const l = byPartition.get(r.partition) ?? [];
    l.push(Number(r.value!.toString().slice(1)));
    byPartition.set(r.partition, l);
  }
  for (const [p, l] of byPartition) assert.ok(l.every((v, i) => i === 0 || v > l[i - 1]!), `partition ${p} out of order`);
}

test('idempotent producer across brokers going down and up: no record lost, none duplicated', async () => {
  const producer = new Producer({ ...common(), lingerMs: 2, batchSize: 2048 });
  const acks: Array<Promise<unknown>> = [];
  try {
    for (let i = 0; i < 3000; i++) {
      acks.push(producer.send({ topic: 'restart-produce', key: `k${i % 50}`, value: `v${i}` }));
      if (i === 1000) await broker.command('down 1');
      if (i === 1500) await broker.command('down 2');
      if (i === 2000) {
        await sleep(300);
        await broker.command('up 1');
        await broker.command('up 2');
      }
      if (i % 100 === 0) await sleep(5);
    }
    const results = await Promise.allSettled(acks);
    const failed = results.filter((r) => r.status === 'rejected') as PromiseRejectedResult[];
    assert.equal(failed.length, 0, failed.slice(0, 3).map((f) => String(f.reason)).join('; '));
  } finally {
    await broker.command('up 1');
    await broker.command('up 2');
    await producer.close();
  }
  assertExactlyOnceInOrder(await readAll('restart-produce', 3, 3000), 3000);
});

test('injected retriable produce errors are retried without duplicates', async () => {
  // 6 = NOT_LEADER_OR_FOLLOWER, 7 = REQUEST_TIMED_OUT, 19 = NOT_ENOUGH_REPLICAS
  await broker.command('errors 0 6 7 19');
  const producer = new Producer({ ...common(), lingerMs: 1 });
  try {
    const acks = await Promise.all(Array.from({ length: 200 }, (_, i) => producer.send({ topic: 'errors', value: `v${i}` })));
    assert.deepEqual(acks.map((a) => a.offset), [...Array(200).keys()].filter((o) => acks.some((a) => a.offset === o)));
  } finally {
    await producer.close();
  }
  assertExactlyOnceInOrder(await readAll('errors', 1, 200), 200);
});

test('consumer keeps going across a broker restart and a new member resumes from committed offsets', async () => {
  const producer = new Producer(common());
  for (let i = 0; i < 1000; i++) producer.produce({ topic: 'restart-consume', partition: i % 2, value: `v${i}` });
  await producer.flush();
  await producer.close();

  const options = { ...common(), groupId: 'g-faults', autoOffsetReset: 'earliest' as const, sessionTimeoutMs: 6000, rebalanceTimeoutMs: 6000, heartbeatIntervalMs: 300, maxPollRecords: 50 };
  const first = new Consumer(options);
  const got: ConsumerRecord[] = [];
  try {
    first.subscribe(['restart-consume']);
    let restarted = false;
    const end = Date.now() + 30000;
    while (got.length < 600 && Date.now() < end) {
      got.push(...(await first.poll({ timeoutMs: 300 }).catch(() => [])));
      if (!restarted && got.length >= 200) {
        restarted = true;
        for (const id of [1, 2, 3]) await broker.command(`down ${id}`);
        await sleep(500);
        for (const id of [1, 2, 3]) await broker.command(`up ${id}`);
      }
    }
    assert.ok(got.length >= 600, `consumed ${got.length}`);
    await first.commit();
  } finally {
    await first.close();
  }
  const committed = got.length;
  const second = new Consumer(options);
  try {
    second.subscribe(['restart-consume']);
    const end = Date.now() + 30000;
    while (got.length < 1000 && Date.now() < end) got.push(...(await second.poll({ timeoutMs: 300 })));
  } finally {
    await second.close();
  }
  assert.ok(got.length - committed <= 1000 - committed, 'the second member started at the committed offsets');
  assertExactlyOnceInOrder(got, 1000);
});

test('consumer follows a partition leader that moves to another broker', async () => {
  const producer = new Producer(common());
  for (let i = 0; i < 100; i++) producer.produce({ topic: 'moves', value: `v${i}` });
  await producer.flush();
  const consumer = new Consumer({ ...common(), autoOffsetReset: 'earliest', metadataMaxAgeMs: 1000 });
  const got: ConsumerRecord[] = [];
  try {
    consumer.assign([{ topic: 'moves', partition: 0 }]);
    while (got.length < 100) got.push(...(await consumer.poll({ timeoutMs: 500 })));
    await broker.command('leader moves 0 3');
    await broker.command('leader moves 0 2');
    for (let i = 100; i < 200; i++) producer.produce({ topic: 'moves', value: `v${i}` });
    await producer.flush();
    const end = Date.now() + 15000;
    while (got.length < 200 && Date.now() < end) got.push(...(await consumer.poll({ timeoutMs: 300 })));
  } finally {
    await consumer.close();
    await producer.close();
  }
  assertExactlyOnceInOrder(got, 200);
});
