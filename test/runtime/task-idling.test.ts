// max.task.idle.ms in the stream thread, on the bundled broker. The topology merges two topics into one
// task (one partition each) and writes records out in the order it processes them, so the output order
// shows whether the task waited for the other input: records are chosen by the smallest timestamp only
// among partitions that have data.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { startBroker } from '../../src/broker/index.js';
import { Consumer } from '../../src/client/index.js';
import { KafkaStreams, Serdes, StreamsBuilder } from '../../src/index.js';
import { collectErrors, createTopics, produce, tempStateDir } from './helpers.js';

const broker = await startBroker({ port: 0 });
after(() => broker.close());

const serdes = { keySerde: Serdes.String(), valueSerde: Serdes.String() };

async function runMerge(
  t: { after: (fn: () => unknown) => void },
  name: string,
  maxTaskIdleMs: number,
  feed: (left: string, right: string) => Promise<void>,
  beforeStart: (left: string, right: string) => Promise<void> = async () => undefined,
  extraConfig: Record<string, number> = {},
  expectedCount = 5,
): Promise<{ order: string[]; firstOutputMs: number }> {
  const bootstrap = broker.address;
  const [left, right, out] = [`${name}-left`, `${name}-right`, `${name}-out`];
  await createTopics(bootstrap, [
    { name: left, partitions: 1 },
    { name: right, partitions: 1 },
    { name: out, partitions: 1 },
  ]);
  await beforeStart(left, right);
  const builder = new StreamsBuilder();
  builder.stream<string, string>(left, serdes).merge(builder.stream<string, string>(right, serdes)).to(out, serdes);
  const streams = new KafkaStreams(builder.build(), {
    'application.id': name,
    'bootstrap.servers': bootstrap,
    'state.dir': tempStateDir(t),
    'commit.interval.ms': 100,
    'max.task.idle.ms': maxTaskIdleMs,
    ...extraConfig,
  });
  const errors = collectErrors(streams);
  t.after(() => streams.close({ timeoutMs: 10_000 }));
  await streams.start();
  await streams.waitForState('RUNNING', 20_000).catch((e: unknown) => {
    throw errors[0] ?? e;
  });
  const started = Date.now();
  await feed(left, right);
  const consumer = new Consumer({ bootstrapServers: bootstrap, autoOffsetReset: 'earliest' });
  consumer.assign([{ topic: out, partition: 0 }]);
  const order: string[] = [];
  let firstOutputMs = -1;
  const deadline = Date.now() + 15_000;
  try {
    while (order.length < expectedCount && Date.now() < deadline) {
      for (const r of await consumer.poll({ timeoutMs: 100 })) {
        if (firstOutputMs < 0) firstOutputMs = r.timestamp >= 0 ? Date.now() - started : 0;
        order.push(r.value!.toString());
      }
    }
  } finally {
    await consumer.close();
  }
  assert.deepEqual(errors, []);
  return { order, firstOutputMs };
}

// recent timestamps: records stamped near 1970 would be removed by the broker's retention (retention.ms)
const BASE = Date.now() - 60_000;
const leftRecords = [
  { key: 'k', value: 'L1000', timestamp: BASE + 1000 },
  { key: 'k', value: 'L3000', timestamp: BASE + 3000 },
  { key: 'k', value: 'L5000', timestamp: BASE + 5000 },
];
const rightRecords = [
  { key: 'k', value: 'R2000', timestamp: BASE + 2000 },
  { key: 'k', value: 'R4000', timestamp: BASE + 4000 },
];
const byTimestamp = ['L1000', 'R2000', 'L3000', 'R4000', 'L5000'];
const leftFirst = ['L1000', 'L3000', 'L5000', 'R2000', 'R4000'];
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function bothOnBroker(t: { after: (fn: () => unknown) => void }, name: string, maxTaskIdleMs: number): Promise<string[]> {
  const { order } = await runMerge(
    t,
    name,
    maxTaskIdleMs,
    async () => undefined,
    async (left, right) => {
      await produce(broker.address, right, rightRecords);
      await produce(broker.address, left, leftRecords);
    },
    { 'max.poll.records': 2 }, // one partition's records per poll: the other's are known (lag > 0) but not in yet
  );
  return order;
}

test('max.task.idle.ms=0: inputs already on the broker are merged in timestamp order (the task waits while a lag is positive)', { timeout: 60_000 }, async (t) => {
  assert.deepEqual(await bothOnBroker(t, 'idle-zero-both', 0), byTimestamp);
});

test('max.task.idle.ms=-1: the same inputs are processed as they are polled', { timeout: 60_000 }, async (t) => {
  assert.notDeepEqual(await bothOnBroker(t, 'idle-disabled-both', -1), byTimestamp);
});

test('max.task.idle.ms=0: records arriving late on one partition are not waited for', { timeout: 60_000 }, async (t) => {
  const { order } = await runMerge(t, 'idle-zero-late', 0, async (left, right) => {
    await produce(broker.address, left, leftRecords);
    await sleep(1500); // left is processed meanwhile: right is empty and known caught up
    await produce(broker.address, right, rightRecords);
  });
  assert.deepEqual(order, leftFirst);
});

test('max.task.idle.ms=3000: the task waits for the late partition and merges in timestamp order', { timeout: 60_000 }, async (t) => {
  const { order, firstOutputMs } = await runMerge(t, 'idle-wait-late', 3000, async (left, right) => {
    await produce(broker.address, left, leftRecords);
    await sleep(1500); // within max.task.idle.ms: nothing may be processed yet
    await produce(broker.address, right, rightRecords);
  });
  assert.deepEqual(order, byTimestamp);
  assert.ok(firstOutputMs >= 1500, `nothing was output before the late records arrived (first output after ${firstOutputMs} ms)`);
});

test('max.task.idle.ms=800: after the idle time the task processes what it has (enforced processing)', { timeout: 60_000 }, async (t) => {
  const { order } = await runMerge(t, 'idle-expire', 800, async (left, right) => {
    await produce(broker.address, left, leftRecords);
    await sleep(2500); // longer than max.task.idle.ms
    await produce(broker.address, right, rightRecords);
  });
  assert.deepEqual(order, leftFirst);
});

test('max.task.idle.ms=-1: the task never waits', { timeout: 60_000 }, async (t) => {
  const { order } = await runMerge(t, 'idle-disabled', -1, async (left, right) => {
    await produce(broker.address, left, leftRecords);
    await sleep(1500);
    await produce(broker.address, right, rightRecords);
  });
  assert.deepEqual(order, leftFirst);
});

test('max.task.idle.ms=0 with backpressure: a task paused for a full partition still fetches the one it waits for', { timeout: 60_000 }, async (t) => {
  const n = 60;
  const left = Array.from({ length: n }, (_, i) => ({ key: 'k', value: `L${String(i * 2).padStart(4, '0')}`, timestamp: BASE + i * 2 }));
  const right = Array.from({ length: n }, (_, i) => ({ key: 'k', value: `R${String(i * 2 + 1).padStart(4, '0')}`, timestamp: BASE + i * 2 + 1 }));
  const { order } = await runMerge(
    t,
    'idle-backpressure',
    0,
    async () => undefined,
    async (l, r) => {
      await produce(broker.address, l, left);
      await produce(broker.address, r, right);
    },
    { 'max.poll.records': 10, 'buffered.records.per.partition': 2 },
    2 * n,
  );
  const expected = [...left, ...right].sort((a, b) => a.timestamp - b.timestamp).map((x) => x.value);
  assert.deepEqual(order, expected);
});
