// Exactly-once v2 across a crash: an instance dies with an open transaction (its EndTxn never reaches the
// broker), its uncommitted output stays invisible to read_committed readers, and whoever takes over
// (the same instance restarted on its state directory, or another instance) ends with exact counts.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { startBroker } from '../../src/broker/index.js';
import { KafkaStreams, type StreamsConfig } from '../../src/index.js';
import { collectErrors, createTopics, produce, tempStateDir, until } from './helpers.js';
import { EndTxnDropper, countingTopology, countWords, EOS_INPUT, EOS_OUTPUT, exactlyOnceCounts, readAll, readCommittedSettled } from './eos-helpers.js';

const dropper = new EndTxnDropper(EOS_OUTPUT);
const broker = await startBroker({ port: 0, coordinators: { minSessionTimeoutMs: 1000, initialRebalanceDelayMs: 0 }, interceptor: dropper.interceptor });
after(() => broker.close());

function config(app: string, stateDir: string): StreamsConfig {
  return {
    'application.id': app,
    'bootstrap.servers': broker.address,
    'state.dir': stateDir,
    'processing.guarantee': 'exactly_once_v2',
    'statestore.cache.max.bytes': 0,
    'session.timeout.ms': 3000,
    'heartbeat.interval.ms': 500,
    'transaction.timeout.ms': 4000,
  };
}

function failOnError(streams: KafkaStreams): unknown[] {
  const errors = collectErrors(streams);
  return errors;
}

/** runs `streams` until it has an open transaction that cannot commit (its EndTxn is dropped), then crashes it */
async function crashWithOpenTransaction(bootstrap: string, streams: KafkaStreams, moreWords: string[]): Promise<void> {
  dropper.arm(`${streams.localThreadsMetadata()[0]!.threadName}-producer`);
  await produce(bootstrap, EOS_INPUT, moreWords.map((value, i) => ({ key: `m${i}`, value })));
  await until('a commit of the crashing instance', () => dropper.dropped > 0, 15_000);
  await streams.crashForTesting();
  dropper.disarm();
}

test('a crash with an open transaction: nothing uncommitted is visible, the restarted instance wipes its state and restores it', async (t) => {
  const bootstrap = broker.address;
  await createTopics(bootstrap, [
    { name: EOS_INPUT, partitions: 2 },
    { name: EOS_OUTPUT, partitions: 2 },
  ]);
  const stateDir = tempStateDir(t);
  const batch1 = Array.from({ length: 200 }, (_, i) => `w${i % 13}`);
  // words never seen before: counted from a wrong start if the crashed instance's local state survived
  const batch2 = Array.from({ length: 100 }, (_, i) => (i % 2 === 0 ? `n${i % 5}` : `w${i % 13}`));
  const batch3 = Array.from({ length: 60 }, (_, i) => `n${i % 7}`);

  const a = new KafkaStreams(countingTopology(), config('eos-crash', stateDir));
  const errorsA = failOnError(a);
  t.after(() => a.close());
  await produce(bootstrap, EOS_INPUT, batch1.map((value, i) => ({ key: String(i), value })));
  await a.start();
  const expected1 = countWords(batch1);
  await readAll(bootstrap, EOS_OUTPUT, 2, { isolation: 'read_committed', done: (r) => exactlyOnceCounts(r, expected1) === null, timeoutMs: 20_000 });

  await crashWithOpenTransaction(bootstrap, a, batch2);
  assert.deepEqual(errorsA, []);
  // the crashed instance's output of batch2 is in the log, but not committed
  const uncommitted = await readAll(bootstrap, EOS_OUTPUT, 2, { isolation: 'read_uncommitted', done: (r) => r.count > 200, timeoutMs: 5000 });
  assert.ok(uncommitted.count > 200, `expected uncommitted output in the log, read ${uncommitted.count}`);
  const committed = await readCommittedSettled(bootstrap, EOS_OUTPUT, 2);
  assert.equal(committed.count, 200);
  assert.equal(exactlyOnceCounts(committed, expected1), null);

  // restart on the same state directory: same process id, same transactional.id (fences the zombie at once)
  const restores: Array<{ store: string; start: number; end: number }> = [];
  let restored = 0;
  const a2 = new KafkaStreams(countingTopology(), config('eos-crash', stateDir));
  const errorsA2 = failOnError(a2);
  a2.setStateRestoreListener({
    onRestoreStart: (_tp, store, start, end) => restores.push({ store, start, end }),
    onRestoreEnd: (_tp, _store, total) => (restored += total),
  });
  t.after(() => a2.close());
  await a2.start();
  await produce(bootstrap, EOS_INPUT, batch3.map((value, i) => ({ key: `x${i}`, value })));
  const expected = countWords([...batch1, ...batch2, ...batch3]);
  const final = await readAll(bootstrap, EOS_OUTPUT, 2, { isolation: 'read_committed', done: (r) => exactlyOnceCounts(r, expected) === null, timeoutMs: 30_000 });
  assert.deepEqual(errorsA2, []);
  assert.equal(exactlyOnceCounts(final, expected), null);
  // no checkpoint survived the crash: both count tasks restored from the start, skipping the aborted batch2 updates
  const countRestores = restores.filter((r) => r.store === 'eos-count-store');
  assert.equal(countRestores.length, 2);
  assert.ok(countRestores.every((r) => r.start === 0));
  assert.equal(restored, 200);
  assert.ok(await a2.close({ timeoutMs: 20_000 }));
});
