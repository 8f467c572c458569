// Interactive queries of a global store (a GlobalKTable's) on the bundled broker: store(params) gives a
// read-only view of the whole table on every instance, and the HTTP router answers it locally.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import { startBroker } from '../../src/broker/index.js';
import { KafkaStreams, Materialized, QueryableStoreError, QueryableStoreTypes, Serdes, StoreQueryParameters, StreamsBuilder } from '../../src/index.js';
import { createTopics, produce, readUntil, tempStateDir } from './helpers.js';

const broker = await startBroker({ port: 0 });
after(() => broker.close());
const bootstrap = broker.address;

function get(port: number, path: string): Promise<{ status: number; body: Record<string, unknown> }> {
  return new Promise((resolve, reject) => {
    http
      .get({ host: '127.0.0.1', port, path, agent: false }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: JSON.parse(Buffer.concat(chunks).toString()) as Record<string, unknown> }));
      })
      .on('error', reject);
  });
}

test('a global store through store(StoreQueryParameters) and the HTTP router', async (t) => {
  await createTopics(bootstrap, [
    { name: 'gq-regions', partitions: 3 },
    { name: 'gq-clicks', partitions: 1 },
    { name: 'gq-out', partitions: 1 },
  ]);
  await produce(bootstrap, 'gq-regions', Array.from({ length: 30 }, (_, u) => ({ key: `user${u}`, value: `region${u % 4}` })));
  const builder = new StreamsBuilder();
  const regions = builder.globalTable<string, string>('gq-regions', {
    consumed: { keySerde: Serdes.String(), valueSerde: Serdes.String() },
    materialized: Materialized.as<string, string>('gq-regions-store'),
  });
  builder
    .stream<string, string>('gq-clicks', { keySerde: Serdes.String(), valueSerde: Serdes.String() })
    .join(regions, (user, region) => `${user}@${region}`, { keySelector: (_click, user) => user })
    .to('gq-out', { keySerde: Serdes.String(), valueSerde: Serdes.String() });
  const streams = new KafkaStreams(builder.build(), { 'application.id': 'gq-app', 'bootstrap.servers': bootstrap, 'state.dir': tempStateDir(t), 'commit.interval.ms': 100 });
  t.after(() => streams.close({ timeoutMs: 10_000 }));

  const params = StoreQueryParameters.fromNameAndType('gq-regions-store', QueryableStoreTypes.keyValueStore<string, string>());
  assert.throws(() => streams.store(params), (e: unknown) => e instanceof QueryableStoreError && e.code === 'STREAMS_NOT_STARTED');
  await streams.start();
  await streams.waitForState('RUNNING', 20_000);

  const view = streams.store(params);
  assert.equal(view.get('user5'), 'region1');
  assert.equal(view.get('nobody'), null);
  assert.equal(view.approximateNumEntries(), 30);
  assert.equal([...view.all()].length, 30);
  assert.deepEqual([...view.range('user1', 'user11')].map((kv) => kv.key), ['user1', 'user10', 'user11']);
  // the timestamped type reads it too; a partition does not apply to a global store
  const ts = streams.store(StoreQueryParameters.fromNameAndType('gq-regions-store', QueryableStoreTypes.timestampedKeyValueStore<string, string>()).withPartition(2));
  assert.equal(ts.get('user5')?.value, 'region1');
  assert.throws(
    () => streams.store(StoreQueryParameters.fromNameAndType('gq-regions-store', QueryableStoreTypes.windowStore())),
    (e: unknown) => e instanceof QueryableStoreError && e.code === 'WRONG_STORE_TYPE',
  );

  // updates of the global topic show in the same view
  await produce(bootstrap, 'gq-regions', [{ key: 'user5', value: 'moved' }]);
  const deadline = Date.now() + 10_000;
  while (view.get('user5') !== 'moved' && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
  assert.equal(view.get('user5'), 'moved');

  // the HTTP router answers a global store locally
  const server = await streams.startQueryServer({ port: 0 });
  const port = server.address()!.port;
  const one = await get(port, '/stores/gq-regions-store/keys/user7');
  assert.equal(one.status, 200);
  assert.equal(one.body['value'], 'region3');
  assert.equal(one.body['global'], true);
  assert.equal((await get(port, '/stores/gq-regions-store/keys/nobody')).status, 404);
  const all = await get(port, '/stores/gq-regions-store/all');
  assert.equal(all.status, 200);
  assert.equal((all.body['entries'] as unknown[]).length, 30);

  // the stream side still works with it
  await produce(bootstrap, 'gq-clicks', [{ key: 'c1', value: 'user2' }]);
  const { latest } = await readUntil(bootstrap, 'gq-out', (b) => b.toString(), (m) => m.size === 1);
  assert.equal(latest.get('c1'), 'user2@region2');

  assert.ok(await streams.close({ timeoutMs: 10_000 }));
  assert.throws(() => view.get('user1'), (e: unknown) => e instanceof QueryableStoreError && e.code === 'STREAMS_STOPPED');
});
