// The uncaught-exception handler's three answers, end to end on the bundled broker with in-process
// instances: a processor throws on a poison record and its stream thread dies.
// REPLACE_THREAD: a new thread takes the tasks over and processing goes on, thread count unchanged.
// SHUTDOWN_CLIENT: this instance goes PENDING_ERROR -> ERROR. SHUTDOWN_APPLICATION: every instance of
// the application stops (ERROR), told through the assignment's error code.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { startBroker } from '../../src/broker/index.js';
import { Producer } from '../../src/client/index.js';
import { KafkaStreams, Serdes, StreamsBuilder, type KafkaStreamsState, type StreamThreadExceptionResponse } from '../../src/index.js';
import { createTopics, produce, readUntil, tempStateDir } from './helpers.js';

const broker = await startBroker({ port: 0 });
after(() => broker.close());

const serdes = { keySerde: Serdes.String(), valueSerde: Serdes.String() };

/** passes values through; throws on "boom" while `armed()` says so */
function topology(input: string, output: string, armed: () => boolean) {
  const builder = new StreamsBuilder();
  builder
    .stream<string, string>(input, serdes)
    .mapValues((v) => {
      if (v === 'boom' && armed()) throw new Error('poison record');
      return v.toUpperCase();
    })
    .to(output, serdes);
  return builder.build();
}

interface App {
  streams: KafkaStreams;
  states: KafkaStreamsState[];
  errors: unknown[];
}

function app(t: { after: (fn: () => unknown) => void }, id: string, input: string, output: string, response: StreamThreadExceptionResponse, armed: () => boolean, threads = 1): App {
  const streams = new KafkaStreams(topology(input, output, armed), {
    'application.id': id,
    'bootstrap.servers': broker.address,
    'state.dir': tempStateDir(t),
    'commit.interval.ms': 100,
    'num.stream.threads': threads,
    'session.timeout.ms': 6000,
    'heartbeat.interval.ms': 300,
  });
  const states: KafkaStreamsState[] = [];
  const errors: unknown[] = [];
  streams.setStateListener((s) => states.push(s));
  streams.setUncaughtExceptionHandler((e) => {
    errors.push(e);
    return response;
  });
  t.after(() => streams.close({ timeoutMs: 10_000 }));
  return { streams, states, errors };
}

async function until(what: string, check: () => boolean, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

const records = (prefix: string, n: number) => Array.from({ length: n }, (_, i) => ({ key: `${prefix}${i}`, value: `${prefix}${i}` }));
const errorMessage = (e: unknown): string => (e instanceof Error ? `${e.message} ${e.cause instanceof Error ? e.cause.message : ''}` : String(e));

test('REPLACE_THREAD: the dead thread is replaced, its tasks resume, processing continues with as many threads', { timeout: 60_000 }, async (t) => {
  const [input, output] = ['replace-in', 'replace-out'];
  await createTopics(broker.address, [
    { name: input, partitions: 2 },
    { name: output, partitions: 2 },
  ]);
  let thrown = 0;
  const a = app(t, 'replace-app', input, output, 'REPLACE_THREAD', () => thrown++ === 0, 2);
  await a.streams.start();
  await a.streams.waitForState('RUNNING', 20_000);
  const before = a.streams.localThreadsMetadata().map((m) => m.threadName);
  assert.equal(before.length, 2);

  await produce(broker.address, input, [...records('a', 50), { key: 'poison', value: 'boom' }, ...records('b', 50)]);
  const replaced = () => {
    const now = a.streams.localThreadsMetadata();
    return now.length === 2 && now.filter((m) => before.includes(m.threadName)).length === 1;
  };
  await until('the failed thread is replaced', () => a.errors.length === 1 && replaced());
  await produce(broker.address, input, records('c', 50));

  const want = [...records('a', 50), ...records('b', 50), ...records('c', 50), { key: 'poison', value: 'boom' }];
  const { latest } = await readUntil(broker.address, output, (v) => v.toString(), (m) => want.every((r) => m.get(r.key) === r.value.toUpperCase()), 30_000);
  assert.ok(want.every((r) => latest.get(r.key) === r.value.toUpperCase()), 'every record processed, the poison one by the new thread');
  assert.match(errorMessage(a.errors[0]), /poison record/);

  const after = a.streams.localThreadsMetadata();
  assert.equal(after.length, 2, 'thread count unchanged');
  assert.equal(after.filter((m) => before.includes(m.threadName)).length, 1, 'one of the two threads is new');
  assert.ok(after.every((m) => m.threadState !== 'DEAD'));
  await until('RUNNING again', () => a.streams.state() === 'RUNNING');
  assert.deepEqual(after.flatMap((m) => m.activeTasks).sort(), ['0_0', '0_1']);
  const failed = a.streams.metrics().find((m) => m.name === 'failed-stream-threads');
  assert.equal(failed?.value, 1);
  assert.ok(!a.states.includes('ERROR') && !a.states.includes('PENDING_ERROR'));
});

test('SHUTDOWN_CLIENT: the instance stops in ERROR', { timeout: 60_000 }, async (t) => {
  const [input, output] = ['client-in', 'client-out'];
  await createTopics(broker.address, [
    { name: input, partitions: 2 },
    { name: output, partitions: 2 },
  ]);
  const a = app(t, 'client-app', input, output, 'SHUTDOWN_CLIENT', () => true, 2);
  await a.streams.start();
  await a.streams.waitForState('RUNNING', 20_000);
  await produce(broker.address, input, [{ key: 'poison', value: 'boom' }]);
  await until('ERROR', () => a.streams.state() === 'ERROR');
  assert.deepEqual(a.states.slice(-2), ['PENDING_ERROR', 'ERROR']);
  assert.equal(a.errors.length, 1, 'the handler ran once');
  assert.ok(a.streams.localThreadsMetadata().every((m) => m.threadState === 'DEAD'), 'every thread stopped');
  assert.ok(await a.streams.close({ timeoutMs: 5000 }), 'close() after ERROR returns at once');
  assert.equal(a.streams.state(), 'ERROR');
});

for (const threads of [1, 2]) {
  test(`SHUTDOWN_APPLICATION (${threads} thread${threads > 1 ? 's' : ''} per instance): every instance of the application stops in ERROR`, { timeout: 60_000 }, async (t) => {
    const id = `shutdown-app-${threads}`;
    const [input, output] = [`${id}-in`, `${id}-out`];
    const partitions = 4;
    await createTopics(broker.address, [
      { name: input, partitions },
      { name: output, partitions },
    ]);
    // only the first instance fails on the poison records: the second stops because it is told to
    const instances = [true, false].map((armed) => app(t, id, input, output, 'SHUTDOWN_APPLICATION', () => armed, threads));
    for (const x of instances) await x.streams.start();
    await until('both instances run with tasks', () =>
      instances.every((x) => x.streams.state() === 'RUNNING' && x.streams.localThreadsMetadata().flatMap((m) => m.activeTasks).length > 0),
    );
    const producer = new Producer({ bootstrapServers: broker.address, lingerMs: 1 });
    for (let partition = 0; partition < partitions; partition++) producer.produce({ topic: input, partition, key: `poison-${partition}`, value: 'boom' });
    await producer.flush();
    await producer.close();
    await until('every instance in ERROR', () => instances.every((x) => x.streams.state() === 'ERROR')).catch((e: unknown) => {
      throw new Error(`${String(e)}: ${JSON.stringify(instances.map((x) => ({ states: x.states, errors: x.errors.map(errorMessage), threads: x.streams.localThreadsMetadata() })))}`);
    });
    const [failing, told] = instances as [App, App];
    assert.ok(failing.errors.length >= 1);
    assert.match(errorMessage(failing.errors[0]), /poison record/);
    assert.deepEqual(told.errors, [], 'the second instance had no error of its own');
    for (const x of instances) {
      assert.deepEqual(x.states.slice(-2), ['PENDING_ERROR', 'ERROR']);
      assert.ok(x.streams.localThreadsMetadata().every((m) => m.threadState === 'DEAD'));
    }
  });
}
