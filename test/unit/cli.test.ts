import { test } from 'node:test';
import assert from 'node:assert/strict';
import { main } from '../../src/cli/main.js';

test('kstreams with an unknown command prints usage and exits 2', async () => {
  const log = console.log;
  const lines: string[] = [];
  console.log = (...a: unknown[]) => void lines.push(a.join(' '));
  try {
    assert.equal(await main(['no-such-command']), 2);
  } finally {
    console.log = log;
  }
  assert.match(lines.join('\n'), /usage: kstreams/);
});
