import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { startBroker } from '../../src/broker/index.js';
import { Admin } from '../../src/client/index.js';
import { KafkaStreams } from '../../src/index.js';
import { collectErrors, createTopics, produce, tempStateDir } from './helpers.js';
import { countingTopology, countWords, EOS_INPUT, EOS_OUTPUT, exactlyOnceCounts, readAll } from './eos-helpers.js';

const broker = await startBroker({ port: 0 });
after(() => broker.close());

test('exactly_once_v2: counts through a repartition are committed in transactions and exact', async (t) => {
  const bootstrap = broker.address;
  await createTopics(bootstrap, [
    { name: EOS_INPUT, partitions: 2 },
    { name: EOS_OUTPUT, partitions: 2 },
  ]);
  const words = Array.from({ length: 300 }, (_, i) => `w${i % 13}`);
  await produce(bootstrap, EOS_INPUT, words.map((value, i) => ({ key: String(i), value })));
  const streams = new KafkaStreams(countingTopology(), {
    'application.id': 'eos-basic',
    'bootstrap.servers': bootstrap,
    'state.dir': tempStateDir(t),
    'processing.guarantee': 'exactly_once_v2',
    'statestore.cache.max.bytes': 0,
  });
  const errors = collectErrors(streams);
  t.after(() => streams.close());
  await streams.start();
  const expected = countWords(words);
  const r = await readAll(bootstrap, EOS_OUTPUT, 2, { isolation: 'read_committed', done: (x) => exactlyOnceCounts(x, expected) === null, timeoutMs: 20_000 });
  assert.deepEqual(errors, []);
  assert.equal(exactlyOnceCounts(r, expected), null);
  // written in transactions: the log has commit markers besides the records
  const admin = new Admin({ bootstrapServers: bootstrap });
  const ends = await admin.listOffsets([0, 1].map((partition) => ({ topic: EOS_OUTPUT, partition, spec: 'latest' as const })));
  await admin.close();
  assert.ok(ends.reduce((s, e) => s + Number(e.offset), 0) > r.count, 'no transaction markers in the output');
  assert.ok(await streams.close({ timeoutMs: 20_000 }));
});

test('exactly_once_v2 with two stream threads: one transactional producer each, counts exact', async (t) => {
  const bootstrap = broker.address;
  const input = 'eos-mt-in';
  const output = 'eos-mt-out';
  await createTopics(bootstrap, [
    { name: input, partitions: 4 },
    { name: output, partitions: 4 },
  ]);
  const words = Array.from({ length: 400 }, (_, i) => `w${i % 17}`);
  await produce(bootstrap, input, words.map((value, i) => ({ key: String(i), value })));
  const streams = new KafkaStreams(countingTopology({ input, output }), {
    'application.id': 'eos-mt',
    'bootstrap.servers': bootstrap,
    'state.dir': tempStateDir(t),
    'processing.guarantee': 'exactly_once_v2',
    'num.stream.threads': 2,
    'statestore.cache.max.bytes': 0,
  });
  const errors = collectErrors(streams);
  t.after(() => streams.close());
  await streams.start();
  const expected = countWords(words);
  const r = await readAll(bootstrap, output, 4, { isolation: 'read_committed', done: (x) => exactlyOnceCounts(x, expected) === null, timeoutMs: 20_000 });
  assert.deepEqual(errors, []);
  assert.equal(exactlyOnceCounts(r, expected), null);
  const threads = streams.localThreadsMetadata();
  assert.equal(threads.length, 2);
  assert.ok(threads.every((m) => m.activeTasks.length > 0), JSON.stringify(threads));
  assert.ok(await streams.close({ timeoutMs: 20_000 }));
});
