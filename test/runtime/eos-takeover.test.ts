// Exactly-once v2, failover to another instance: one of two instances dies with an open transaction; the
// survivor takes its tasks once the group drops the dead member (session timeout) and its offsets are
// stable again (the coordinator aborts the dead transaction after transaction.timeout.ms).
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { startBroker } from '../../src/broker/index.js';
import { KafkaStreams, type StreamsConfig } from '../../src/index.js';
import { createTopics, produce, tempStateDir, until } from './helpers.js';
import { EndTxnDropper, countingTopology, countWords, exactlyOnceCounts, readAll } from './eos-helpers.js';

const dropper = new EndTxnDropper('');
const broker = await startBroker({ port: 0, coordinators: { minSessionTimeoutMs: 1000, initialRebalanceDelayMs: 0 }, interceptor: dropper.interceptor });
after(() => broker.close());

function config(app: string, stateDir: string, standbys: number): StreamsConfig {
  return {
    'application.id': app,
    'num.standby.replicas': standbys,
    'bootstrap.servers': broker.address,
    'state.dir': stateDir,
    'processing.guarantee': 'exactly_once_beta', // the deprecated name of v2 is accepted
    'statestore.cache.max.bytes': 0,
    'session.timeout.ms': 3000,
    'heartbeat.interval.ms': 500,
    'transaction.timeout.ms': 3000,
  };
}

async function takeover(t: { after: (fn: () => unknown) => void }, app: string, standbys: number): Promise<void> {
  const bootstrap = broker.address;
  const input = `${app}-in`;
  const output = `${app}-out`;
  await createTopics(bootstrap, [
    { name: input, partitions: 2 },
    { name: output, partitions: 2 },
  ]);
  const errors: unknown[] = [];
  const start = async (): Promise<KafkaStreams> => {
    const s = new KafkaStreams(countingTopology({ input, output }), config(app, tempStateDir(t), standbys));
    s.setUncaughtExceptionHandler((e) => {
      errors.push(e);
      return 'SHUTDOWN_CLIENT';
    });
    t.after(() => s.close());
    await s.start();
    return s;
  };
  const a = await start();
  const b = await start();
  const tasksOf = (s: KafkaStreams): string[] => s.localThreadsMetadata().flatMap((m) => m.activeTasks);
  await until('tasks spread over both instances', () => tasksOf(a).length + tasksOf(b).length === 4 && tasksOf(a).length > 0 && tasksOf(b).length > 0, 20_000);
  // the crashing instance must own a count task (sub-topology 1) to have output in its transaction
  const [victim, survivor] = tasksOf(a).some((x) => x.startsWith('1_')) ? [a, b] : [b, a];

  const batch1 = Array.from({ length: 200 }, (_, i) => `w${i % 11}`);
  const batch2 = Array.from({ length: 200 }, (_, i) => `w${i % 17}`);
  await produce(bootstrap, input, batch1.map((value, i) => ({ key: String(i), value })));
  const expected1 = countWords(batch1);
  await readAll(bootstrap, output, 2, { isolation: 'read_committed', done: (r) => exactlyOnceCounts(r, expected1) === null, timeoutMs: 20_000 });

  if (standbys > 0) {
    const standbyOf = (s: KafkaStreams): string[] => s.localThreadsMetadata().flatMap((m) => m.standbyTasks);
    const stateful = (s: KafkaStreams): string[] => tasksOf(s).filter((x) => x.startsWith('1_'));
    await until('standbys of the victim on the survivor', () => stateful(victim).every((x) => standbyOf(survivor).includes(x)), 20_000);
  }
  dropper.arm(`${victim.localThreadsMetadata()[0]!.threadName}-producer`, output);
  await produce(bootstrap, input, batch2.map((value, i) => ({ key: `b${i}`, value })));
  await until('a commit of the crashing instance', () => dropper.dropped > 0, 15_000);
  await victim.crashForTesting();
  dropper.disarm();

  const expected = countWords([...batch1, ...batch2]);
  const final = await readAll(bootstrap, output, 2, { isolation: 'read_committed', done: (r) => exactlyOnceCounts(r, expected) === null, timeoutMs: 30_000 });
  assert.deepEqual(errors, []);
  assert.equal(exactlyOnceCounts(final, expected), null);
  assert.deepEqual(tasksOf(survivor), ['0_0', '0_1', '1_0', '1_1']);
  assert.ok(await survivor.close({ timeoutMs: 20_000 }));
}

test('a crashed instance with an open transaction: the other instance takes over, output stays exact', async (t) => {
  await takeover(t, 'eos-takeover', 0);
});

test('with standbys: the survivor promotes standbys that only ever read committed changelog data', async (t) => {
  await takeover(t, 'eos-takeover-standby', 1);
});
