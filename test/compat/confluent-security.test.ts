// SASL (PLAIN, SCRAM-SHA-256, SCRAM-SHA-512) and TLS listeners with python3-confluent-kafka:
// the right credentials work, wrong ones are refused.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startBroker } from '../../src/broker/start-broker.js';
import type { Broker } from '../../src/broker/start-broker.js';
import { runPy } from './py-process.js';

const users = [{ username: 'alice', password: 'alice-secret' }];

async function client(broker: Broker, protocol: string, mechanism: string, user: string, password: string, ca: string, topic: string) {
  // Refused clients are expected to fail fast: 3 s for metadata when the password is not the right one.
  const wait = password === 'alice-secret' ? '8' : '3';
  const [line] = await runPy('secure_client.py', [broker.address, protocol, mechanism, user, password, ca, topic, wait], 40_000);
  return line ?? '';
}

test('SASL_PLAINTEXT: PLAIN and SCRAM-SHA-256/512 with right and wrong passwords', { timeout: 120_000 }, async (t) => {
  const broker = await startBroker({ security: { sasl: { users } } });
  t.after(() => broker.close());
  for (const mechanism of ['PLAIN', 'SCRAM-SHA-256', 'SCRAM-SHA-512']) {
    const topic = `t-${mechanism.toLowerCase()}`;
    assert.equal(await client(broker, 'SASL_PLAINTEXT', mechanism, 'alice', 'alice-secret', '', topic), 'OK', mechanism);
    assert.match(await client(broker, 'SASL_PLAINTEXT', mechanism, 'alice', 'wrong', '', topic), /^AUTHFAIL/, `${mechanism} wrong password`);
    assert.match(await client(broker, 'SASL_PLAINTEXT', mechanism, 'mallory', 'x', '', topic), /^AUTHFAIL/, `${mechanism} unknown user`);
  }
  // A client that does not authenticate gets nothing.
  assert.match(await client(broker, 'PLAINTEXT', '', '', '', '', 'nope'), /^FAIL/);
});

test('TLS listener (SSL and SASL_SSL with SCRAM): certificate from files', { timeout: 120_000 }, async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'kstreams-tls-'));
  const cert = join(dir, 'cert.pem');
  const key = join(dir, 'key.pem');
  execFileSync('openssl', [
    'req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '1', '-subj', '/CN=localhost',
    '-addext', 'subjectAltName=IP:127.0.0.1,DNS:localhost', '-keyout', key, '-out', cert,
  ], { stdio: 'ignore' });
  const tlsOnly = await startBroker({ security: { tls: { certFile: cert, keyFile: key } } });
  const tlsSasl = await startBroker({ security: { tls: { certFile: cert, keyFile: key }, sasl: { users, mechanisms: ['SCRAM-SHA-512'] } } });
  t.after(async () => {
    await tlsOnly.close();
    await tlsSasl.close();
    rmSync(dir, { recursive: true, force: true });
  });
  assert.equal(await client(tlsOnly, 'SSL', '', '', '', cert, 'tls'), 'OK');
  assert.match(await client(tlsOnly, 'PLAINTEXT', '', '', '', '', 'tls'), /^FAIL/, 'plaintext client on a TLS listener');
  assert.equal(await client(tlsSasl, 'SASL_SSL', 'SCRAM-SHA-512', 'alice', 'alice-secret', cert, 'tls2'), 'OK');
  assert.match(await client(tlsSasl, 'SASL_SSL', 'SCRAM-SHA-512', 'alice', 'bad', cert, 'tls2'), /^AUTHFAIL/);
  assert.match(await client(tlsSasl, 'SASL_SSL', 'PLAIN', 'alice', 'alice-secret', cert, 'tls2'), /^(AUTHFAIL|FAIL)/, 'mechanism not enabled');
});
