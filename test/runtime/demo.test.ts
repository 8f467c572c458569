// `kstreams demo` (what `npm run demo` runs): a broker, WordCount on KafkaStreams, counts printed.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { main } from '../../src/cli/main.js';

test('kstreams demo runs WordCount on the bundled broker and prints the counts as they change', async () => {
  const lines: string[] = [];
  const original = console.log;
  console.log = (...a: unknown[]) => void lines.push(a.join(' '));
  try {
    assert.equal(await main(['demo', '--delay-ms', '50']), 0);
  } finally {
    console.log = original;
  }
  const out = lines.join('\n');
  assert.match(out, /broker listening on 127\.0\.0\.1:\d+/);
  assert.match(out, /streams: REBALANCING -> RUNNING/);
  const final = out.slice(out.indexOf('final counts:'));
  assert.match(final, /\n {2}a {10}4\n/);
  assert.match(final, /\n {2}the {8}4\n/);
  assert.match(final, /\n {2}flow {7}3\n/);
  assert.match(out, /streams: PENDING_SHUTDOWN -> NOT_RUNNING/);
});

test('npm run demo (bin/kstreams.js demo from the built package) prints WordCount results', { skip: !existsSync('dist/cli/main.js') && 'dist/ not built' }, () => {
  const r = spawnSync(process.execPath, ['bin/kstreams.js', 'demo', '--delay-ms', '20'], { encoding: 'utf8', timeout: 60_000 });
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /final counts:\n {2}a {10}4/);
});

test('kstreams demo rejects unknown options', async () => {
  const original = console.error;
  console.error = () => undefined;
  try {
    assert.equal(await main(['demo', '--bogus']), 2);
  } finally {
    console.error = original;
  }
});
