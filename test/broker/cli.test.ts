// `kstreams broker` from the command line (`kstreams demo` is tested in test/runtime/demo.test.ts).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, existsSync, writeFileSync } from 'node:fs';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnBroker } from './spawn-broker.js';
import { WireClient } from './wire-client.js';
import { metadataApi } from '../../src/protocol/messages/metadata.js';
import { main } from '../../src/cli/main.js';
import { parseBrokerArgs } from '../../src/cli/broker-args.js';
import { TEST_CERT, TEST_KEY } from '../client/helpers/tls-fixture.js';

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

test('kstreams broker parses the security, coordinator and cleaner options into BrokerOptions', () => {
  const parsed = parseBrokerArgs([
    '--sasl-users', 'alice:s3cret,bob:pa:ss',
    '--sasl-mechanisms', 'plain,SCRAM-SHA-512',
    '--group-initial-rebalance-delay-ms', '0',
    '--group-min-session-timeout-ms', '500',
    '--transaction-max-timeout-ms', '60000',
    '--cleaner-interval-ms', '250',
    '--quiet',
  ]);
  assert.deepEqual(parsed, {
    help: false,
    quiet: true,
    options: {
      coordinators: { initialRebalanceDelayMs: 0, minSessionTimeoutMs: 500, maxTransactionTimeoutMs: 60000 },
      security: { sasl: { users: [{ username: 'alice', password: 's3cret' }, { username: 'bob', password: 'pa:ss' }], mechanisms: ['PLAIN', 'SCRAM-SHA-512'] } },
      cleanerIntervalMs: 250,
    },
  });
  assert.throws(() => parseBrokerArgs(['--sasl-users', 'alice']), /USER:PASSWORD/);
  assert.throws(() => parseBrokerArgs(['--sasl-users', 'a:b', '--sasl-mechanisms', 'GSSAPI']), /unknown mechanism GSSAPI/);
  assert.throws(() => parseBrokerArgs(['--sasl-mechanisms', 'PLAIN']), /needs --sasl-users/);
  assert.throws(() => parseBrokerArgs(['--tls-cert', 'x.pem']), /go together/);
  assert.throws(() => parseBrokerArgs(['--tls-cert', '/nonexistent/c.pem', '--tls-key', '/nonexistent/k.pem']), /no such file/);
  assert.throws(() => parseBrokerArgs(['--cleaner-interval-ms', '0']), /cleaner-interval-ms must be an integer >= 1/);
});

test('kstreams broker with --sasl-users over TLS: kcat gets in with the right password, not with a wrong one', { timeout: 30_000 }, async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'kstreams-cli-tls-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const cert = join(dir, 'cert.pem');
  const key = join(dir, 'key.pem');
  writeFileSync(cert, TEST_CERT);
  writeFileSync(key, TEST_KEY);
  const broker = await spawnBroker(['--port', '0', '--sasl-users', 'alice:s3cret,bob:hunter2', '--sasl-mechanisms', 'PLAIN,SCRAM-SHA-256', '--tls-cert', cert, '--tls-key', key]);
  t.after(() => broker.child.kill('SIGKILL'));
  assert.match(broker.output(), /SASL_SSL: PLAIN, SCRAM-SHA-256/);
  const kcat = async (mechanism: string, user: string, password: string, extra: string[]) => {
    const args = ['-b', broker.address, '-m', '3', '-X', 'security.protocol=SASL_SSL', '-X', `ssl.ca.location=${cert}`, '-X', `sasl.mechanisms=${mechanism}`, '-X', `sasl.username=${user}`, '-X', `sasl.password=${password}`, ...extra];
    try {
      const { stdout } = await promisify(execFile)('kcat', args, { encoding: 'utf8' });
      return { ok: true, out: stdout };
    } catch (err) {
      return { ok: false, out: String((err as { stderr?: string }).stderr) };
    }
  };
  const produced = await new Promise<{ ok: boolean; out: string }>((resolve) => {
    const child = execFile('kcat', ['-P', '-b', broker.address, '-t', 'secured', '-X', 'security.protocol=SASL_SSL', '-X', `ssl.ca.location=${cert}`, '-X', 'sasl.mechanisms=SCRAM-SHA-256', '-X', 'sasl.username=bob', '-X', 'sasl.password=hunter2'], (err, _o, stderr) =>
      resolve({ ok: err === null, out: stderr }),
    );
    child.stdin!.end('hello\nsecure world\n');
  });
  assert.ok(produced.ok, produced.out);
  const read = await kcat('PLAIN', 'alice', 's3cret', ['-C', '-t', 'secured', '-e', '-q', '-f', '%s\n']);
  assert.ok(read.ok, read.out);
  assert.deepEqual(read.out.trim().split('\n'), ['hello', 'secure world']);
  // Refusals take kcat's whole metadata timeout: run them side by side.
  const [wrong, unknownUser, disabled] = await Promise.all([
    kcat('PLAIN', 'alice', 'wrong', ['-L']),
    kcat('SCRAM-SHA-256', 'mallory', 's3cret', ['-L']),
    kcat('SCRAM-SHA-512', 'alice', 's3cret', ['-L']),
  ]);
  assert.equal(wrong.ok, false);
  assert.match(wrong.out, /authentication failed/i);
  assert.equal(unknownUser.ok, false);
  assert.equal(disabled.ok, false, 'a mechanism not in --sasl-mechanisms is refused');
  broker.child.kill('SIGTERM');
  assert.equal(await broker.exited, 0);
});
