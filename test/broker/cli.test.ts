// `kstreams broker` from the command line (`kstreams demo` is tested in test/runtime/demo.test.ts).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnBroker } from './spawn-broker.js';
import { WireClient } from './wire-client.js';
import { metadataApi } from '../../src/protocol/messages/metadata.js';
import { main } from '../../src/cli/main.js';

for (const signal of ['SIGTERM', 'SIGINT'] as const) {
  test(`kstreams broker prints "listening on HOST:PORT", serves, and stops cleanly on ${signal}`, { timeout: 30_000 }, async (t) => {
    const dir = mkdtempSync(join(tmpdir(), 'kstreams-cli-'));
    t.after(() => rmSync(dir, { recursive: true, force: true }));
    const broker = await spawnBroker(['--port', '0', '--data-dir', dir, '--partitions', '3', '--auto-create-topics', 'true']);
    t.after(() => broker.child.kill('SIGKILL'));
    assert.match(broker.output(), /listening on 127\.0\.0\.1:\d+/);
    const client = await WireClient.open(broker.port);
    const m = await client.send(metadataApi, 4, { topics: [{ name: 'cli-topic' }], allowAutoTopicCreation: true });
    client.close();
    assert.equal(m.topics[0]!.partitions.length, 3);
    assert.ok(existsSync(join(dir, 'cli-topic-2', '00000000000000000000.log')));
    broker.child.kill(signal);
    assert.equal(await broker.exited, 0);
  });
}

test('kstreams broker rejects bad options with exit code 2', async () => {
  const errors: string[] = [];
  const original = console.error;
  console.error = (...a: unknown[]) => void errors.push(a.join(' '));
  try {
    assert.equal(await main(['broker', '--auto-create-topics', 'maybe']), 2);
    assert.equal(await main(['broker', '--port', '-5']), 2);
  } finally {
    console.error = original;
  }
  assert.match(errors.join('\n'), /auto-create-topics must be true or false/);
});
