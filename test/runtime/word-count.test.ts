import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { startBroker } from '../../src/broker/index.js';
import { KafkaStreams, type KafkaStreamsState } from '../../src/index.js';
import { wordCountTopology } from '../../examples/first-topology.js';
import { collectErrors, createTopics, expectedWordCounts, longValue, produce, readUntil, sameCounts, tempStateDir } from './helpers.js';

const broker = await startBroker({ port: 0, ...(process.env.KSTREAMS_DEBUG ? { log: (m: string) => console.error('[broker]', m) } : {}) });
after(() => broker.close());

test('WordCount runs against the broker: repartition and changelog topics created, counts right, clean close', async (t) => {
  const bootstrap = broker.address;
  await createTopics(bootstrap, [
    { name: 'text-lines', partitions: 3 },
    { name: 'word-counts', partitions: 3 },
  ]);
  const lines = Array.from({ length: 200 }, (_, i) => `the quick brown fox ${i % 7} jumps over the lazy dog ${i % 5}`);
  await produce(bootstrap, 'text-lines', lines.map((value, i) => ({ key: String(i), value })));

  const streams = new KafkaStreams(wordCountTopology(), {
    'application.id': 'wc-app',
    'bootstrap.servers': bootstrap,
    'state.dir': tempStateDir(t),
    'commit.interval.ms': 100,
  });
  const states: KafkaStreamsState[] = [];
  streams.setStateListener((s) => states.push(s));
  const errors = collectErrors(streams);
  t.after(() => streams.close());
  await streams.start();
  await streams.waitForState('RUNNING', 20_000).catch((e: unknown) => {
    throw errors[0] ?? e;
  });

  const expected = expectedWordCounts(lines);
  const { latest } = await readUntil(bootstrap, 'word-counts', longValue, (m) => sameCounts(m, expected));
  assert.deepEqual(new Map([...latest].sort()), new Map([...expected].sort()));

  const meta = streams.localThreadsMetadata();
  assert.equal(meta.length, 1);
  assert.deepEqual(meta[0]!.activeTasks, ['0_0', '0_1', '0_2', '1_0', '1_1', '1_2']);
  assert.ok(await streams.close({ timeoutMs: 20_000 }));
  assert.equal(streams.state(), 'NOT_RUNNING');
  assert.deepEqual(states.slice(0, 2), ['REBALANCING', 'RUNNING']);
  assert.deepEqual(states.slice(-2), ['PENDING_SHUTDOWN', 'NOT_RUNNING']);
});
