// Exactly-once v2, restoration: the changelog is read read_committed, so records of an aborted
// transaction never reach a store, neither from a checkpoint (after a clean close) nor from scratch.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { startBroker } from '../../src/broker/index.js';
import { Producer } from '../../src/client/index.js';
import { KafkaStreams, type StreamsConfig } from '../../src/index.js';
import { collectErrors, createTopics, produce, tempStateDir } from './helpers.js';
import { countingTopology, countWords, EOS_INPUT, EOS_OUTPUT, exactlyOnceCounts, readAll } from './eos-helpers.js';

const FETCH = 1;
/** client id prefix whose fetches are slowed down (a restore consumer), or undefined */
let slowFetchesOf: string | undefined;
const broker = await startBroker({
  port: 0,
  interceptor: async (req) => {
    if (req.apiKey === FETCH && slowFetchesOf !== undefined && req.clientId?.startsWith(slowFetchesOf) === true) await new Promise((r) => setTimeout(r, 150));
    return undefined;
  },
});
after(() => broker.close());

const APP = 'eos-restore';
const CHANGELOG = `${APP}-eos-count-store-changelog`;

function config(stateDir: string): StreamsConfig {
  return { 'application.id': APP, 'bootstrap.servers': broker.address, 'state.dir': stateDir, 'processing.guarantee': 'exactly_once_v2', 'statestore.cache.max.bytes': 0 };
}

async function run(t: { after: (fn: () => unknown) => void }, stateDir: string, words: string[], expected: Map<string, number>): Promise<{ starts: number[]; restored: number }> {
  const streams = new KafkaStreams(countingTopology(), config(stateDir));
  const errors = collectErrors(streams);
  const starts: number[] = [];
  let restored = 0;
  streams.setStateRestoreListener({
    onRestoreStart: (tp, _store, start) => void (tp.topic === CHANGELOG && starts.push(start)),
    onRestoreEnd: (tp, _store, total) => void (tp.topic === CHANGELOG && (restored += total)),
  });
  t.after(() => streams.close());
  await streams.start();
  await streams.waitForState('RUNNING', 20_000);
  await produce(broker.address, EOS_INPUT, words.map((value, i) => ({ key: String(i), value })));
  const r = await readAll(broker.address, EOS_OUTPUT, 1, { isolation: 'read_committed', done: (x) => exactlyOnceCounts(x, expected) === null, timeoutMs: 20_000 });
  assert.deepEqual(errors, []);
  assert.equal(exactlyOnceCounts(r, expected), null);
  assert.ok(await streams.close({ timeoutMs: 20_000 }));
  return { starts, restored };
}

/** an aborted transaction with updates of a known key and of a key never counted */
async function abortedChangelogWrites(): Promise<void> {
  const p = new Producer({ bootstrapServers: broker.address, transactionalId: 'eos-restore-intruder' });
  try {
    await p.initTransactions();
    p.beginTransaction();
    const value = Buffer.alloc(16);
    value.writeBigInt64BE(BigInt(Date.now()), 0);
    value.writeBigInt64BE(999n, 8);
    for (const key of ['w0', 'ghost', 'w1']) await p.send({ topic: CHANGELOG, partition: 0, key, value });
    await p.abortTransaction();
  } finally {
    await p.close();
  }
}

test('restoration skips aborted changelog records, from a checkpoint and from scratch', async (t) => {
  await createTopics(broker.address, [
    { name: EOS_INPUT, partitions: 1 },
    { name: EOS_OUTPUT, partitions: 1 },
    // made here, as the runtime would (it leaves existing topics as they are), but not compacted while the
    // test counts the restored records: compaction keeps one record per key (it once restored 24, not 60)
    { name: CHANGELOG, partitions: 1, configs: { 'cleanup.policy': 'compact', 'min.compaction.lag.ms': '3600000' } },
  ]);
  const stateDir = tempStateDir(t);
  const batch1 = Array.from({ length: 40 }, (_, i) => `w${i % 4}`);
  const batch2 = Array.from({ length: 20 }, (_, i) => (i % 2 === 0 ? 'ghost' : `w${i % 4}`));
  const batch3 = Array.from({ length: 10 }, (_, i) => (i % 2 === 0 ? 'ghost' : 'w0'));

  const first = await run(t, stateDir, batch1, countWords(batch1));
  assert.deepEqual(first.starts, [0]);
  assert.equal(first.restored, 0);
  // a clean close under exactly-once leaves a checkpoint
  assert.ok(existsSync(join(stateDir, APP, '1_0', '.checkpoint')));

  await abortedChangelogWrites();
  // restart from the checkpoint: only the aborted records follow it, nothing is restored
  const second = await run(t, stateDir, batch2, countWords([...batch1, ...batch2]));
  assert.equal(second.starts.length, 1);
  assert.ok(second.starts[0]! >= batch1.length, `restoration started at ${second.starts[0]}, not from the checkpoint`);
  assert.equal(second.restored, 0);

  await abortedChangelogWrites();
  // a new machine: everything committed is restored, the aborted records are not
  const third = await run(t, tempStateDir(t), batch3, countWords([...batch1, ...batch2, ...batch3]));
  assert.deepEqual(third.starts, [0]);
  assert.equal(third.restored, batch1.length + batch2.length);
});

test('a task closed cleanly while it restores keeps a checkpoint of what it restored', async (t) => {
  const app = 'eos-restore-partial';
  const input = `${app}-in`;
  const output = `${app}-out`;
  const changelog = `${app}-eos-count-store-changelog`;
  await createTopics(broker.address, [
    { name: input, partitions: 1 },
    { name: output, partitions: 1 },
  ]);
  const cfg = (stateDir: string): StreamsConfig => ({ ...config(stateDir), 'application.id': app });
  // long keys: the changelog takes several fetches (1 MiB each) to read
  const pad = 'x'.repeat(1000);
  const words = Array.from({ length: 3000 }, (_, i) => `k${i}${pad}`);
  const first = new KafkaStreams(countingTopology({ input, output }), cfg(tempStateDir(t)));
  t.after(() => first.close());
  await first.start();
  await produce(broker.address, input, words.map((value, i) => ({ key: String(i), value })));
  await readAll(broker.address, output, 1, { isolation: 'read_committed', done: (r) => r.values.size === words.length, timeoutMs: 30_000 });
  assert.ok(await first.close({ timeoutMs: 20_000 }));

  // a new machine restores slowly and is closed before it is done
  const stateDir = tempStateDir(t);
  const second = new KafkaStreams(countingTopology({ input, output }), cfg(stateDir));
  t.after(() => second.close());
  let batches = 0;
  let ended = false;
  second.setStateRestoreListener({
    onBatchRestored: (tp) => void (tp.topic === changelog && batches++),
    onRestoreEnd: (tp) => void (tp.topic === changelog && (ended = true)),
  });
  slowFetchesOf = app;
  await second.start();
  const deadline = Date.now() + 20_000;
  while (batches === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
  assert.ok(batches > 0);
  assert.ok(await second.close({ timeoutMs: 20_000 }));
  slowFetchesOf = undefined;
  if (ended) {
    t.diagnostic('restoration outran the throttle: no partial checkpoint to check');
    return;
  }
  const checkpoint = readFileSync(join(stateDir, app, '1_0', '.checkpoint'), 'utf8');
  const offset = Number(/ 0 (\d+)\s*$/m.exec(checkpoint)?.[1]);
  assert.ok(offset > 0 && offset < words.length, `checkpoint ${JSON.stringify(checkpoint)}`);
  t.diagnostic(`closed while restoring: checkpoint at ${offset} of ${words.length}`);

  // restarted there: restoration goes on from the checkpoint, and the counts are right
  const third = new KafkaStreams(countingTopology({ input, output }), cfg(stateDir));
  t.after(() => third.close());
  const starts: number[] = [];
  third.setStateRestoreListener({ onRestoreStart: (tp, _s, start) => void (tp.topic === changelog && starts.push(start)) });
  await third.start();
  await produce(broker.address, input, [{ key: 'again', value: `k7${pad}` }]);
  const r = await readAll(broker.address, output, 1, { isolation: 'read_committed', done: (x) => (x.values.get(`k7${pad}`) ?? []).includes(2), timeoutMs: 20_000 });
  assert.deepEqual(r.values.get(`k7${pad}`), [1, 2]);
  assert.deepEqual(starts, [offset]);
  assert.ok(await third.close({ timeoutMs: 20_000 }));
});
