import { test } from 'node:test';
import assert from 'node:assert/strict';
import net from 'node:net';
import { Connection } from '../../../src/client/network/connection.js';
import { ConnectionError, RequestTimeoutError } from '../../../src/client/errors.js';

function options(port: number, requestTimeoutMs = 200) {
  return { host: '127.0.0.1', port, clientId: 'test', tls: undefined, sasl: undefined, requestTimeoutMs, connectionTimeoutMs: 1000 };
}

test('a broker that never answers fails the request with a retriable RequestTimeoutError', async (t) => {
  const server = net.createServer((s) => s.on('data', () => undefined));
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  t.after(() => new Promise<void>((r) => server.close(() => r())));
  const conn = new Connection(options((server.address() as net.AddressInfo).port));
  await assert.rejects(conn.connect(), (err: unknown) => err instanceof RequestTimeoutError && err.retriable);
  assert.equal(conn.isClosed, true);
});

test('a refused connection is a retriable ConnectionError', async () => {
  const server = net.createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as net.AddressInfo).port;
  await new Promise<void>((r) => server.close(() => r()));
  const conn = new Connection(options(port));
  await assert.rejects(conn.connect(), (err: unknown) => err instanceof ConnectionError && err.retriable);
});

test('a broker closing mid-request fails pending requests with ConnectionError', async (t) => {
  const server = net.createServer((s) => s.once('data', () => s.destroy()));
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  t.after(() => new Promise<void>((r) => server.close(() => r())));
  const conn = new Connection(options((server.address() as net.AddressInfo).port, 5000));
  await assert.rejects(conn.connect(), ConnectionError);
});
