// `kstreams reset`: after a reset the application reprocesses its input from scratch.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { startBroker } from '../../src/broker/index.js';
import { Admin } from '../../src/client/index.js';
import { KafkaStreams } from '../../src/index.js';
import { main } from '../../src/cli/main.js';
import { wordCountTopology } from '../../examples/first-topology.js';
import { createTopics, expectedWordCounts, longValue, produce, readUntil, sameCounts, tempStateDir } from './helpers.js';

const broker = await startBroker({ port: 0 });
after(() => broker.close());

/** runs WordCount until `minRecords` output records exist and the latest counts are the expected ones; returns the output size */
async function runOnce(bootstrap: string, stateDir: string, expected: Map<string, number>, minRecords = 0): Promise<number> {
  const streams = new KafkaStreams(wordCountTopology(), { 'application.id': 'reset-app', 'bootstrap.servers': bootstrap, 'state.dir': stateDir, 'commit.interval.ms': 100 });
  await streams.start();
  try {
    let seen = 0;
    const r = await readUntil(bootstrap, 'word-counts', (v) => (seen++, longValue(v)), (m) => seen >= minRecords && sameCounts(m, expected), 20_000);
    await new Promise((res) => setTimeout(res, 300));
    const again = await readUntil(bootstrap, 'word-counts', longValue, () => false, 500);
    assert.ok(sameCounts(again.latest, expected), `counts ${JSON.stringify([...again.latest])}`);
    return Math.max(r.count, again.count);
  } finally {
    await streams.close();
  }
}

async function quietly(args: string[]): Promise<{ code: number; out: string }> {
  const lines: string[] = [];
  const [log, err] = [console.log, console.error];
  console.log = (...a: unknown[]) => void lines.push(a.join(' '));
  console.error = (...a: unknown[]) => void lines.push(a.join(' '));
  try {
    return { code: await main(args), out: lines.join('\n') };
  } finally {
    console.log = log;
    console.error = err;
  }
}

test('reset: offsets back to the start, internal topics deleted, local state removed; the rerun counts from scratch', async (t) => {
  const bootstrap = broker.address;
  await createTopics(bootstrap, [
    { name: 'text-lines', partitions: 2 },
    { name: 'word-counts', partitions: 2 },
  ]);
  const lines = ['one two two', 'three three three'];
  await produce(bootstrap, 'text-lines', lines.map((value) => ({ key: null, value })));
  const stateDir = tempStateDir(t);
  const expected = expectedWordCounts(lines);
  const firstOutput = await runOnce(bootstrap, stateDir, expected);
  assert.ok(existsSync(join(stateDir, 'reset-app')));

  const dry = await quietly(['reset', '--application-id', 'reset-app', '--bootstrap-server', bootstrap, '--input-topics', 'text-lines', '--dry-run']);
  assert.equal(dry.code, 0, dry.out);
  assert.match(dry.out, /would delete internal topic reset-app-counts-store-changelog/);
  const real = await quietly(['reset', '--application-id', 'reset-app', '--bootstrap-server', bootstrap, '--input-topics', 'text-lines', '--state-dir', stateDir]);
  assert.equal(real.code, 0, real.out);
  assert.match(real.out, /reset text-lines-0 to offset 0/);

  const admin = new Admin({ bootstrapServers: bootstrap });
  const topics = await admin.listTopics();
  const offsets = await admin.listGroupOffsets('reset-app');
  await admin.close();
  assert.deepEqual(topics.filter((x) => x.startsWith('reset-app-')), []);
  assert.deepEqual(offsets.filter((o) => o.offset >= 0).map((o) => `${o.topic}-${o.partition}@${o.offset}`).sort(), ['text-lines-0@0', 'text-lines-1@0']);
  assert.equal(existsSync(join(stateDir, 'reset-app')), false);

  // counts are rebuilt from the input alone: the same values, not doubled
  await runOnce(bootstrap, stateDir, expected, firstOutput + expected.size);
  assert.equal((await quietly(['reset', '--bootstrap-server', bootstrap])).code, 2);
});
