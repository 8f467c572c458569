// KafkaStreams against the bundled broker: metrics() and metricsText() move with processing, and
// poison input records go through the deserialization handler (skip, dead-letter topic, or fail).
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { startBroker } from '../../src/broker/index.js';
import { Producer, type ConsumerRecord } from '../../src/client/index.js';
import { DLQ_HEADERS, JsonSerde, KafkaStreams, prometheusMetricName, Serdes, StreamsBuilder, type MetricValue, type StreamsConfig, type Topology } from '../../src/index.js';
import { createTopics, readUntil, tempStateDir, readAll, until } from './helpers.js';

const broker = await startBroker({ port: 0 });
after(() => broker.close());
const bootstrap = broker.address;

function metric(metrics: MetricValue[], group: string, name: string): number {
  return metrics.filter((m) => m.group === group && m.name === name).reduce((s, m) => s + m.value, 0);
}

async function produceRaw(topic: string, records: Array<{ key: string | null; value: Buffer | string }>): Promise<void> {
  const producer = new Producer({ bootstrapServers: bootstrap, lingerMs: 2 });
  try {
    for (const r of records) producer.produce({ topic, partition: 0, key: r.key, value: r.value });
    await producer.flush();
  } finally {
    await producer.close();
  }
}

async function startApp(t: { after: (fn: () => unknown) => void }, topology: Topology, config: StreamsConfig, errors: unknown[]): Promise<KafkaStreams> {
  const streams = new KafkaStreams(topology, { 'bootstrap.servers': bootstrap, 'state.dir': tempStateDir(t), 'commit.interval.ms': 100, ...config });
  streams.setUncaughtExceptionHandler((e) => {
    errors.push(e);
    return 'SHUTDOWN_CLIENT';
  });
  t.after(() => streams.close({ timeoutMs: 10_000 }));
  await streams.start();
  return streams;
}

test('metrics(): thread process/commit totals move, a null-key record is a dropped record; Prometheus text has them', async (t) => {
  await createTopics(bootstrap, [
    { name: 'm-in', partitions: 1 },
    { name: 'm-out', partitions: 1 },
  ]);
  const builder = new StreamsBuilder();
  builder
    .stream<string, string>('m-in', { keySerde: Serdes.String(), valueSerde: Serdes.String() })
    .groupByKey()
    .count()
    .toStream()
    .to('m-out', { keySerde: Serdes.String(), valueSerde: Serdes.Long() });
  const errors: unknown[] = [];
  const streams = await startApp(t, builder.build(), { 'application.id': 'metrics-app' }, errors);
  await produceRaw('m-in', [
    { key: 'a', value: 'x' },
    { key: null, value: 'no key' },
    { key: 'b', value: 'y' },
    { key: 'a', value: 'z' },
  ]);
  await readUntil(bootstrap, 'm-out', (b) => Number(b.readBigInt64BE(0)), (m) => m.get('a') === 2 && m.get('b') === 1);
  await until('a commit and the drop to be recorded', () => {
    const m = streams.metrics();
    return metric(m, 'stream-thread-metrics', 'commit-total') > 0 && metric(m, 'stream-task-metrics', 'dropped-records-total') >= 1;
  });
  assert.deepEqual(errors, []);
  const m = streams.metrics();
  assert.equal(metric(m, 'stream-thread-metrics', 'process-total'), 4, 'every polled record is processed once');
  assert.equal(metric(m, 'stream-task-metrics', 'dropped-records-total'), 1, 'the null-key record is dropped by the aggregation');
  assert.ok(metric(m, 'stream-thread-metrics', 'poll-total') > 0);
  assert.equal(metric(m, 'stream-thread-metrics', 'task-created-total'), 1);
  assert.equal(metric(m, 'stream-metrics', 'alive-stream-threads'), 1);
  const task = m.find((x) => x.group === 'stream-task-metrics' && x.name === 'dropped-records-total');
  assert.equal(task?.tags['task-id'], '0_0');

  const text = streams.metricsText();
  const processTotal = prometheusMetricName('stream-thread-metrics', 'process-total');
  const dropped = prometheusMetricName('stream-task-metrics', 'dropped-records-total');
  assert.match(text, new RegExp(`^${processTotal}\\{[^}]*thread_id="[^"]+"[^}]*\\} 4$`, 'm'));
  assert.match(text, new RegExp(`^${dropped}\\{[^}]*task_id="0_0"[^}]*\\} 1$`, 'm'));
  assert.match(text, new RegExp(`^${prometheusMetricName('stream-thread-metrics', 'commit-total')}\\{`, 'm'));

  assert.ok(await streams.close({ timeoutMs: 10_000 }));
  assert.equal(metric(streams.metrics(), 'stream-thread-metrics', 'process-total'), 0, 'an ended thread removes its metrics');
});

/** two inputs: JSON objects and longs, both written as strings to one output */
function poisonTopology(prefix: string): Topology {
  const builder = new StreamsBuilder();
  const json = builder.stream<string, { n: number }>(`${prefix}-json`, { keySerde: Serdes.String(), valueSerde: new JsonSerde<{ n: number }>() }).mapValues((v) => `json:${v.n}`);
  const longs = builder.stream<string, number>(`${prefix}-long`, { keySerde: Serdes.String(), valueSerde: Serdes.Long() }).mapValues((v) => `long:${v}`);
  json.merge(longs).to(`${prefix}-out`, { keySerde: Serdes.String(), valueSerde: Serdes.String() });
  return builder.build();
}

const long = (n: number): Buffer => {
  const b = Buffer.alloc(8);
  b.writeBigInt64BE(BigInt(n));
  return b;
};

async function setUpPoison(prefix: string): Promise<void> {
  await createTopics(bootstrap, [
    { name: `${prefix}-json`, partitions: 1 },
    { name: `${prefix}-long`, partitions: 1 },
    { name: `${prefix}-out`, partitions: 1 },
    { name: `${prefix}-dlq`, partitions: 1 },
  ]);
  // offsets: json j1@0, bad@1, j2@2; long l1@0, bad@1, l2@2
  await produceRaw(`${prefix}-json`, [
    { key: 'j1', value: JSON.stringify({ n: 1 }) },
    { key: 'jbad', value: '{"n": 2' },
    { key: 'j2', value: JSON.stringify({ n: 3 }) },
  ]);
  await produceRaw(`${prefix}-long`, [
    { key: 'l1', value: long(10) },
    { key: 'lbad', value: Buffer.from([1, 2, 3]) },
    { key: 'l2', value: long(30) },
  ]);
}

const EXPECTED_GOOD = new Map([
  ['j1', 'json:1'],
  ['j2', 'json:3'],
  ['l1', 'long:10'],
  ['l2', 'long:30'],
]);

test('log-and-continue: poison records are skipped and counted, the rest is processed', async (t) => {
  await setUpPoison('skip');
  const errors: unknown[] = [];
  const streams = await startApp(t, poisonTopology('skip'), { 'application.id': 'skip-app', 'deserialization.exception.handler': 'log-and-continue' }, errors);
  const { latest } = await readUntil(bootstrap, 'skip-out', (b) => b.toString(), (m) => m.size >= 4);
  assert.deepEqual(new Map([...latest].sort()), EXPECTED_GOOD);
  await until('the drops to be counted', () => metric(streams.metrics(), 'stream-task-metrics', 'dropped-records-total') >= 2);
  assert.equal(metric(streams.metrics(), 'stream-task-metrics', 'dropped-records-total'), 2);
  assert.equal(streams.state(), 'RUNNING');
  assert.deepEqual(errors, []);
});

test('errors.dead.letter.queue.topic.name: poison records land in the DLQ with their bytes and __streams.errors.* headers', async (t) => {
  await setUpPoison('dlq');
  const errors: unknown[] = [];
  await startApp(
    t,
    poisonTopology('dlq'),
    { 'application.id': 'dlq-app', 'deserialization.exception.handler': 'log-and-continue', 'errors.dead.letter.queue.topic.name': 'dlq-dlq' },
    errors,
  );
  const { latest } = await readUntil(bootstrap, 'dlq-out', (b) => b.toString(), (m) => m.size >= 4);
  assert.deepEqual(new Map([...latest].sort()), EXPECTED_GOOD);
  const dead = await readAll(bootstrap, 'dlq-dlq', 2);
  assert.equal(dead.length, 2);
  const header = (r: ConsumerRecord, name: string): string | undefined => r.headers.find((h) => h.key === name)?.value?.toString();
  const byKey = new Map(dead.map((r) => [r.key?.toString(), r]));
  const jbad = byKey.get('jbad')!;
  assert.equal(jbad.value?.toString(), '{"n": 2');
  assert.equal(header(jbad, DLQ_HEADERS.topic), 'dlq-json');
  assert.equal(header(jbad, DLQ_HEADERS.partition), '0');
  assert.equal(header(jbad, DLQ_HEADERS.offset), '1');
  assert.ok(header(jbad, DLQ_HEADERS.exception));
  const lbad = byKey.get('lbad')!;
  assert.deepEqual(lbad.value, Buffer.from([1, 2, 3]));
  assert.equal(header(lbad, DLQ_HEADERS.topic), 'dlq-long');
  assert.equal(header(lbad, DLQ_HEADERS.offset), '1');
  assert.deepEqual(errors, []);
});

test('log-and-fail (the default): a poison record stops the instance with a DESERIALIZATION error', async (t) => {
  await setUpPoison('fail');
  const errors: unknown[] = [];
  const streams = await startApp(t, poisonTopology('fail'), { 'application.id': 'fail-app' }, errors);
  await until('the instance to fail', () => streams.state() === 'ERROR');
  assert.equal(errors.length, 1);
  assert.equal((errors[0] as { code?: unknown }).code, 'DESERIALIZATION');
  assert.match(String((errors[0] as Error).message), /fail-(json|long)-0@1/);
});

test('DEBUG recording level: restoring a store from its changelog shows in its restore metrics', async (t) => {
  await createTopics(bootstrap, [
    { name: 'r-in', partitions: 1 },
    { name: 'r-out', partitions: 1 },
  ]);
  const topology = (): Topology => {
    const builder = new StreamsBuilder();
    builder
      .stream<string, string>('r-in', { keySerde: Serdes.String(), valueSerde: Serdes.String() })
      .groupByKey()
      .count()
      .toStream()
      .to('r-out', { keySerde: Serdes.String(), valueSerde: Serdes.Long() });
    return builder.build();
  };
  const config = { 'application.id': 'restore-app', 'metrics.recording.level': 'DEBUG' };
  await produceRaw('r-in', Array.from({ length: 20 }, (_, i) => ({ key: `k${i % 5}`, value: 'v' })));
  const errors: unknown[] = [];
  const first = await startApp(t, topology(), config, errors);
  await readUntil(bootstrap, 'r-out', (b) => Number(b.readBigInt64BE(0)), (m) => m.size === 5 && [...m.values()].every((v) => v === 4));
  assert.ok(await first.close({ timeoutMs: 10_000 }));
  const restoreRate = (m: MetricValue[]): number => metric(m, 'stream-state-metrics', 'restore-rate');
  assert.equal(restoreRate(first.metrics()), 0);

  // a fresh state directory: the counts come back from the changelog
  const second = await startApp(t, topology(), config, errors);
  await second.waitForState('RUNNING', 15_000);
  assert.ok(second.progress().restored > 0);
  assert.ok(restoreRate(second.metrics()) > 0, 'the restored batches were recorded');
  assert.ok(second.metrics().some((m) => m.group === 'stream-state-metrics' && m.name === 'restore-latency-max' && m.value >= 0));
  assert.deepEqual(errors, []);
});
