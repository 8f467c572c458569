// Three KafkaStreams instances on the bundled broker, each with its HTTP router where its
// application.server points: every word count is answered by the instance holding it, and by any
// router; while an instance leaves, routers answer right or 503 (never a wrong value); afterwards
// every key is answered again by the survivors.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import net from 'node:net';
import { startBroker } from '../../../src/broker/index.js';
import { KafkaStreams, Serdes } from '../../../src/index.js';
import { KeyQuery, QueryableStoreError, QueryableStoreTypes, StateQueryRequest, StoreQueryParameters } from '../../../src/streams/query/index.js';
import { wordCountTopology, COUNTS_STORE } from '../../../examples/first-topology.js';
import { createTopics, expectedWordCounts, longValue, produce, readUntil, sameCounts, tempStateDir } from '../../runtime/helpers.js';

const broker = await startBroker({ port: 0 });
after(() => broker.close());

async function freePort(): Promise<number> {
  const s = net.createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', () => r()));
  const port = (s.address() as net.AddressInfo).port;
  await new Promise<void>((r) => s.close(() => r()));
  return port;
}

function get(port: number, path: string): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: Record<string, unknown> }> {
  return new Promise((resolve, reject) => {
    http
      .get({ host: '127.0.0.1', port, path, agent: false }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: JSON.parse(Buffer.concat(chunks).toString()) as Record<string, unknown> }));
      })
      .on('error', reject);
  });
}

test('three instances answer every key from the holder and via the router from any instance, during and after a rebalance', async (t) => {
  const bootstrap = broker.address;
  await createTopics(bootstrap, [
    { name: 'text-lines', partitions: 4 },
    { name: 'word-counts', partitions: 4 },
  ]);
  const lines = Array.from({ length: 120 }, (_, i) => `alpha beta gamma w${i % 17} v${i % 11} delta`);
  await produce(bootstrap, 'text-lines', lines.map((value, i) => ({ key: String(i), value })));
  const expected = expectedWordCounts(lines);

  const ports = [await freePort(), await freePort(), await freePort()];
  const instances = ports.map((port, i) => {
    const s = new KafkaStreams(wordCountTopology(), {
      'application.id': 'iq-app',
      'bootstrap.servers': bootstrap,
      'state.dir': tempStateDir(t),
      'commit.interval.ms': 100,
      'num.standby.replicas': 1,
      'application.server': `127.0.0.1:${port}`,
      'interactive.queries.http.port': port,
      'client.id': `iq-${i}`,
    });
    t.after(() => s.close({ timeoutMs: 10_000 }));
    return s;
  });
  await Promise.all(instances.map((s) => s.start()));
  const { latest } = await readUntil(bootstrap, 'word-counts', longValue, (m) => sameCounts(m, expected), 40_000);
  assert.ok(sameCounts(latest, expected), 'all input processed');

  // wait until every instance runs and knows all three hosts
  const deadline = Date.now() + 30_000;
  while (!instances.every((s) => s.state() === 'RUNNING' && s.allMetadata().length === 3)) {
    assert.ok(Date.now() < deadline, `instances: ${instances.map((s) => `${s.state()}/${s.allMetadata().length}`).join(' ')}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  assert.deepEqual(instances[0]!.streamsMetadataForStore(COUNTS_STORE).map((m) => m.hostInfo.port).sort(), [...ports].sort());

  // A follow-up rebalance may still move a task after all instances ran once (cooperative: revoked in one
  // generation, assigned in the next): a router then answers 503 or from a standby (stale) for a moment.
  // Every key must still come from its holder, as the asked router's metadata names it, once that settles;
  // a 200 answer is never a wrong value meanwhile.
  const holderPort = (port: number, word: string): number => instances[ports.indexOf(port)]!.queryMetadataForKey(COUNTS_STORE, word, Serdes.String()).activeHost.port;
  const askHolder = async (port: number, word: string, count: number): Promise<{ r: Awaited<ReturnType<typeof get>>; holder: number }> => {
    const settleBy = Date.now() + 20_000;
    for (;;) {
      const before = holderPort(port, word);
      const r = await get(port, `/stores/${COUNTS_STORE}/keys/${word}`);
      if (r.status === 200) assert.equal(r.body['value'], count, `${word} via ${port}: ${JSON.stringify(r.body)}`);
      else assert.equal(r.status, 503, `${word} via ${port}: ${JSON.stringify(r.body)}`);
      const holder = holderPort(port, word);
      if ((r.status === 200 && r.body['stale'] === false && holder === before) || Date.now() > settleBy) return { r, holder };
      await new Promise((res) => setTimeout(res, 100));
    }
  };
  for (const [word, count] of expected) {
    for (const port of ports) {
      const { r, holder } = await askHolder(port, word, count);
      assert.equal(r.status, 200, `${word} via ${port}: ${JSON.stringify(r.body)}`);
      assert.equal(r.body['host'], `127.0.0.1:${holder}`, `${word} via ${port}: ${JSON.stringify(r.body)}`);
      assert.equal(r.body['stale'], false);
      const view = instances[ports.indexOf(holder)]!.store(StoreQueryParameters.fromNameAndType(COUNTS_STORE, QueryableStoreTypes.keyValueStore<string, number>()));
      assert.equal(view.get(word), count, `${word} at its holder`);
    }
  }
  const all = await get(ports[2]!, `/stores/${COUNTS_STORE}/all`);
  assert.equal((all.body['entries'] as unknown[]).length, expected.size);

  // instance 0 leaves; the survivors are asked throughout: right answers or 503 with a retry hint
  const closing = instances[0]!.close({ timeoutMs: 15_000 });
  const words = [...expected.keys()];
  let answered = 0;
  let retried = 0;
  const until = Date.now() + 30_000;
  let settled = false;
  while (Date.now() < until && !settled) {
    for (const port of ports.slice(1)) {
      for (const word of words.slice(0, 8)) {
        const r = await get(port, `/stores/${COUNTS_STORE}/keys/${word}`);
        if (r.status === 200) {
          assert.equal(r.body['value'], expected.get(word), `${word} during the rebalance`);
          answered++;
        } else {
          assert.equal(r.status, 503, JSON.stringify(r.body));
          assert.equal(r.headers['retry-after'], '1');
          retried++;
        }
      }
    }
    settled = instances.slice(1).every((s) => s.state() === 'RUNNING' && s.allMetadata().length === 2);
  }
  await closing;
  assert.ok(settled, 'survivors settled');
  assert.ok(answered > 0);

  // afterwards every key is answered by both survivors (retrying briefly: the last assignment may still apply)
  for (const [word, count] of expected) {
    for (const port of ports.slice(1)) {
      let r = await get(port, `/stores/${COUNTS_STORE}/keys/${word}`);
      for (let i = 0; i < 50 && r.status === 503; i++) {
        await new Promise((res) => setTimeout(res, 100));
        r = await get(port, `/stores/${COUNTS_STORE}/keys/${word}`);
      }
      assert.equal(r.status, 200, `${word} via ${port} after the rebalance: ${JSON.stringify(r.body)}`);
      assert.equal(r.body['value'], count);
      assert.notEqual(r.body['host'], `127.0.0.1:${ports[0]}`);
    }
  }
  t.diagnostic(`during the rebalance: ${answered} answered, ${retried} answered 503`);
});

test('before start: store() and query() fail with STREAMS_NOT_STARTED, metadata is not available yet', (t) => {
  const s = new KafkaStreams(wordCountTopology(), { 'application.id': 'iq-early', 'bootstrap.servers': broker.address, 'state.dir': tempStateDir(t), 'application.server': '127.0.0.1:1' });
  const notStarted = (e: unknown): boolean => e instanceof QueryableStoreError && e.code === 'STREAMS_NOT_STARTED' && e.retriable;
  assert.throws(() => s.store(StoreQueryParameters.fromNameAndType(COUNTS_STORE, QueryableStoreTypes.keyValueStore())), notStarted);
  assert.throws(() => s.query(StateQueryRequest.inStore(COUNTS_STORE).withQuery(KeyQuery.withKey('a'))), notStarted);
  assert.equal(s.queryMetadataForKey(COUNTS_STORE, 'a', Serdes.String()).partition, -1);
  assert.deepEqual(s.allMetadata(), []);
});
