// TLS and SASL (PLAIN, SCRAM-SHA-256, SCRAM-SHA-512) over the wire against a small fake broker.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Admin, SaslAuthenticationError, ConnectionError } from '../../../src/client/index.js';
import { startFakeBroker } from '../helpers/fake-broker.js';
import { TEST_CERT, TEST_KEY } from '../helpers/tls-fixture.js';

const users = { alice: 'alice-secret', 'bob,=x': 'pw' };

test('SASL_SSL with PLAIN: TLS connection, authenticated before metadata', async (t) => {
  const broker = await startFakeBroker({ tls: { key: TEST_KEY, cert: TEST_CERT }, mechanisms: ['PLAIN'], users });
  t.after(() => broker.close());
  const admin = new Admin({
    bootstrapServers: `127.0.0.1:${broker.port}`,
    securityProtocol: 'SASL_SSL',
    ssl: { ca: TEST_CERT },
    saslMechanism: 'PLAIN',
    saslUsername: 'alice',
    saslPassword: 'alice-secret',
  });
  try {
    const topics = await admin.describeTopics();
    assert.deepEqual(topics.map((x) => x.name), ['fake-topic']);
    // the bootstrap connection and the connection to the broker's node id both authenticate
    assert.ok(broker.authenticated.length >= 1 && broker.authenticated.every((u) => u === 'alice'));
  } finally {
    await admin.close();
  }
});

test('SSL rejects a server certificate it does not trust', async (t) => {
  const broker = await startFakeBroker({ tls: { key: TEST_KEY, cert: TEST_CERT } });
  t.after(() => broker.close());
  const admin = new Admin({ bootstrapServers: `127.0.0.1:${broker.port}`, securityProtocol: 'SSL', retries: 0 });
  try {
    await assert.rejects(admin.describeTopics(), ConnectionError);
  } finally {
    await admin.close();
  }
});

for (const mechanism of ['SCRAM-SHA-256', 'SCRAM-SHA-512'] as const) {
  test(`SASL_PLAINTEXT with ${mechanism}: good password works, bad one is a SaslAuthenticationError`, async (t) => {
    const broker = await startFakeBroker({ mechanisms: ['PLAIN', mechanism], users });
    t.after(() => broker.close());
    const base = { bootstrapServers: `127.0.0.1:${broker.port}`, securityProtocol: 'SASL_PLAINTEXT' as const, saslMechanism: mechanism, retries: 0 };
    const good = new Admin({ ...base, saslUsername: 'bob,=x', saslPassword: 'pw' });
    try {
      assert.equal((await good.describeTopics()).length, 1);
      assert.ok(broker.authenticated.length >= 1 && broker.authenticated.every((u) => u === 'bob,=x'));
    } finally {
      await good.close();
    }
    const bad = new Admin({ ...base, saslUsername: 'alice', saslPassword: 'wrong' });
    try {
      await assert.rejects(bad.describeTopics(), (err: unknown) => err instanceof SaslAuthenticationError && !err.retriable);
    } finally {
      await bad.close();
    }
  });
}

test('a mechanism the broker does not offer fails with a clear error', async (t) => {
  const broker = await startFakeBroker({ mechanisms: ['SCRAM-SHA-512'], users });
  t.after(() => broker.close());
  const admin = new Admin({ bootstrapServers: `127.0.0.1:${broker.port}`, securityProtocol: 'SASL_PLAINTEXT', saslMechanism: 'PLAIN', saslUsername: 'alice', saslPassword: 'alice-secret', retries: 0 });
  try {
    await assert.rejects(admin.describeTopics(), /not enabled.*SCRAM-SHA-512/);
  } finally {
    await admin.close();
  }
});
