// Exactly-once v2, failover to another instance: one of two instances dies with an open transaction; the
// survivor takes its tasks once the group drops the dead member (session timeout) and its offsets are
// stable again (the coordinator aborts the dead transaction after transaction.timeout.ms).
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { startBroker } from '../../src/broker/index.js';
import { KafkaStreams, type StreamsConfig } from '../../src/index.js';
import { createTopics, produce, tempStateDir } from './helpers.js';
import { EndTxnDropper, countingTopology, countWords, EOS_INPUT, EOS_OUTPUT, exactlyOnceCounts, readAll, waitFor } from './eos-helpers.js';

const dropper = new EndTxnDropper(EOS_OUTPUT);
const broker = await startBroker({ port: 0, coordinators: { minSessionTimeoutMs: 1000, initialRebalanceDelayMs: 0 }, interceptor: dropper.interceptor });
after(() => broker.close());

function config(stateDir: string): StreamsConfig {
  return {
    'application.id': 'eos-takeover',
    'bootstrap.servers': broker.address,
    'state.dir': stateDir,
    'processing.guarantee': 'exactly_once_beta', // the deprecated name of v2 is accepted
    'statestore.cache.max.bytes': 0,
    'session.timeout.ms': 3000,
    'heartbeat.interval.ms': 500,
    'transaction.timeout.ms': 3000,
  };
}

test('a crashed instance with an open transaction: the other instance takes over, output stays exact', async (t) => {
  const bootstrap = broker.address;
  await createTopics(bootstrap, [
    { name: EOS_INPUT, partitions: 2 },
    { name: EOS_OUTPUT, partitions: 2 },
  ]);
  const errors: unknown[] = [];
  const start = async (): Promise<KafkaStreams> => {
    const s = new KafkaStreams(countingTopology(), config(tempStateDir(t)));
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
  await waitFor(() => tasksOf(a).length + tasksOf(b).length === 4 && tasksOf(a).length > 0 && tasksOf(b).length > 0, 20_000, 'tasks spread over both instances');
  // the crashing instance must own a count task (sub-topology 1) to have output in its transaction
  const [victim, survivor] = tasksOf(a).some((x) => x.startsWith('1_')) ? [a, b] : [b, a];

  const batch1 = Array.from({ length: 200 }, (_, i) => `w${i % 11}`);
  const batch2 = Array.from({ length: 200 }, (_, i) => `w${i % 17}`);
  await produce(bootstrap, EOS_INPUT, batch1.map((value, i) => ({ key: String(i), value })));
  const expected1 = countWords(batch1);
  await readAll(bootstrap, EOS_OUTPUT, 2, { isolation: 'read_committed', done: (r) => exactlyOnceCounts(r, expected1) === null, timeoutMs: 20_000 });

  dropper.arm(`${victim.localThreadsMetadata()[0]!.threadName}-producer`);
  await produce(bootstrap, EOS_INPUT, batch2.map((value, i) => ({ key: `b${i}`, value })));
  await waitFor(() => dropper.dropped > 0, 15_000, 'a commit of the crashing instance');
  await victim.crashForTesting();
  dropper.disarm();

  const expected = countWords([...batch1, ...batch2]);
  const final = await readAll(bootstrap, EOS_OUTPUT, 2, { isolation: 'read_committed', done: (r) => exactlyOnceCounts(r, expected) === null, timeoutMs: 30_000 });
  assert.deepEqual(errors, []);
  assert.equal(exactlyOnceCounts(final, expected), null);
  assert.deepEqual(tasksOf(survivor), ['0_0', '0_1', '1_0', '1_1']);
  assert.ok(await survivor.close({ timeoutMs: 20_000 }));
});
