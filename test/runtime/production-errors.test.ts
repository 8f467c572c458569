// Send-time production errors on the bundled broker: an output record over its topic's max.message.bytes
// is rejected by the broker (MESSAGE_TOO_LARGE) after it left the task. It goes to the production
// exception handler: log-and-continue counts it as dropped and the app goes on; the default (fail) stops
// the instance with an error naming the topic and partition; with a dead-letter topic it lands there.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { startBroker } from '../../src/broker/index.js';
import { Admin } from '../../src/client/index.js';
import { DLQ_HEADERS, KafkaStreams, Serdes, StreamsBuilder, type MetricValue, type StreamsConfig, type Topology } from '../../src/index.js';
import { createTopics, produce, readUntil, tempStateDir, readAll, until } from './helpers.js';

const broker = await startBroker({ port: 0 });
after(() => broker.close());
const bootstrap = broker.address;

const dropped = (m: MetricValue[]): number =>
  m.filter((x) => x.group === 'stream-task-metrics' && x.name === 'dropped-records-total').reduce((s, x) => s + x.value, 0);

/** values starting with "big" become 2000 bytes and go to `<p>-big` (max.message.bytes 1000); the rest to `<p>-out` */
function topology(p: string): Topology {
  const builder = new StreamsBuilder();
  const input = builder.stream<string, string>(`${p}-in`, { keySerde: Serdes.String(), valueSerde: Serdes.String() });
  input.filter((_k, v) => v.startsWith('big')).mapValues((v) => v.padEnd(2000, '!')).to(`${p}-big`, { keySerde: Serdes.String(), valueSerde: Serdes.String() });
  input.filter((_k, v) => !v.startsWith('big')).to(`${p}-out`, { keySerde: Serdes.String(), valueSerde: Serdes.String() });
  return builder.build();
}

async function setUp(p: string): Promise<void> {
  await createTopics(bootstrap, [
    { name: `${p}-in`, partitions: 1 },
    { name: `${p}-out`, partitions: 1 },
    { name: `${p}-big`, partitions: 1, configs: { 'max.message.bytes': '1000' } },
    { name: `${p}-dlq`, partitions: 1 },
  ]);
}

async function startApp(t: { after: (fn: () => unknown) => void }, p: string, config: StreamsConfig, errors: unknown[]): Promise<KafkaStreams> {
  const streams = new KafkaStreams(topology(p), { 'bootstrap.servers': bootstrap, 'application.id': `${p}-app`, 'state.dir': tempStateDir(t), 'commit.interval.ms': 100, ...config });
  streams.setUncaughtExceptionHandler((e) => {
    errors.push(e);
    return 'SHUTDOWN_CLIENT';
  });
  t.after(() => streams.close({ timeoutMs: 10_000 }));
  await streams.start();
  return streams;
}

test('log-and-continue: the rejected record is dropped and counted, the app goes on', async (t) => {
  await setUp('pc');
  const errors: unknown[] = [];
  const streams = await startApp(t, 'pc', { 'production.exception.handler': 'log-and-continue' }, errors);
  await produce(bootstrap, 'pc-in', [
    { key: 'a', value: 'small-a' },
    { key: 'x', value: 'big-x' },
    { key: 'b', value: 'small-b' },
  ]);
  await until('the send failure to be counted', () => dropped(streams.metrics()) >= 1);
  // later input is still processed
  await produce(bootstrap, 'pc-in', [{ key: 'c', value: 'small-c' }]);
  const { latest } = await readUntil(bootstrap, 'pc-out', (b) => b.toString(), (m) => m.size >= 3);
  assert.deepEqual([...latest].sort(), [
    ['a', 'small-a'],
    ['b', 'small-b'],
    ['c', 'small-c'],
  ]);
  assert.equal(dropped(streams.metrics()), 1);
  assert.equal(streams.state(), 'RUNNING');
  assert.deepEqual(errors, []);
  const admin = new Admin({ bootstrapServers: bootstrap });
  t.after(() => admin.close());
  const [end] = await admin.listOffsets([{ topic: 'pc-big', partition: 0, spec: 'latest' }]);
  assert.equal(Number(end!.offset), 0, 'nothing was written to the too-small topic');
});

test('log-and-fail (the default): the instance stops with a PRODUCTION error naming topic and partition', async (t) => {
  await setUp('pf');
  const errors: unknown[] = [];
  const streams = await startApp(t, 'pf', {}, errors);
  await produce(bootstrap, 'pf-in', [
    { key: 'a', value: 'small-a' },
    { key: 'x', value: 'big-x' },
  ]);
  await until('the instance to fail', () => streams.state() === 'ERROR');
  assert.equal(errors.length, 1);
  const e = errors[0] as Error & { code?: string; cause?: unknown };
  assert.equal(e.code, 'PRODUCTION');
  assert.match(e.message, /topic pf-big partition 0/);
  assert.match(e.message, /MESSAGE_TOO_LARGE|max\.message\.bytes|larger than/i);
  assert.equal((e.cause as { code?: string }).code, 'MESSAGE_TOO_LARGE');
});

test('errors.dead.letter.queue.topic.name: the rejected record lands in the DLQ with __streams.errors.* headers', async (t) => {
  await setUp('pd');
  const errors: unknown[] = [];
  const streams = await startApp(t, 'pd', { 'production.exception.handler': 'log-and-continue', 'errors.dead.letter.queue.topic.name': 'pd-dlq' }, errors);
  await produce(bootstrap, 'pd-in', [
    { key: 'a', value: 'small-a' },
    { key: 'x', value: 'big-x' },
  ]);
  const dead = await readAll(bootstrap, 'pd-dlq', 1);
  assert.equal(dead.length, 1);
  const r = dead[0]!;
  const header = (name: string): string | undefined => r.headers.find((h) => h.key === name)?.value?.toString();
  assert.equal(r.key?.toString(), 'x');
  assert.equal(r.value?.toString(), 'big-x'.padEnd(2000, '!'));
  assert.ok(header(DLQ_HEADERS.exception));
  assert.match(header(DLQ_HEADERS.message) ?? '', /pd-big/);
  assert.equal(header(DLQ_HEADERS.taskId), '0_0');
  await until('the drop to be counted', () => dropped(streams.metrics()) >= 1);
  assert.equal(streams.state(), 'RUNNING');
  assert.deepEqual(errors, []);
});
