// Exactly-once v2 and global tables: the global consumer reads committed data only, and loading ends at
// the last stable offset even when the topic ends with an aborted transaction.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { startBroker } from '../../src/broker/index.js';
import { Producer } from '../../src/client/index.js';
import { KafkaStreams, Materialized, Serdes, StreamsBuilder } from '../../src/index.js';
import { createTopics, produce, tempStateDir } from './helpers.js';

const broker = await startBroker({ port: 0 });
after(() => broker.close());

test('a global table under exactly_once_v2 never holds aborted records', async (t) => {
  const bootstrap = broker.address;
  await createTopics(bootstrap, [
    { name: 'eos-regions', partitions: 2 },
    { name: 'eos-clicks', partitions: 1 },
  ]);
  await produce(bootstrap, 'eos-regions', [
    { key: 'u1', value: 'north' },
    { key: 'u2', value: 'south' },
  ]);
  const intruder = new Producer({ bootstrapServers: bootstrap, transactionalId: 'eos-global-intruder' });
  t.after(() => intruder.close({ force: true }));
  await intruder.initTransactions();
  const abortOn = async (entries: Array<[string, string]>): Promise<void> => {
    intruder.beginTransaction();
    for (const [key, value] of entries) for (const partition of [0, 1]) await intruder.send({ topic: 'eos-regions', partition, key, value });
    await intruder.abortTransaction();
  };
  await abortOn([
    ['u1', 'aborted'],
    ['ghost', 'aborted'],
  ]);

  const builder = new StreamsBuilder();
  builder.globalTable<string, string>('eos-regions', {
    consumed: { keySerde: Serdes.String(), valueSerde: Serdes.String() },
    materialized: Materialized.as<string, string>('eos-regions-store'),
  });
  builder.stream<string, string>('eos-clicks', { keySerde: Serdes.String(), valueSerde: Serdes.String() }).foreach(() => undefined);
  const streams = new KafkaStreams(builder.build(), {
    'application.id': 'eos-global',
    'bootstrap.servers': bootstrap,
    'state.dir': tempStateDir(t),
    'processing.guarantee': 'exactly_once_v2',
  });
  t.after(() => streams.close());
  await streams.start(); // returns once the global topic is loaded: it must not wait on the aborted tail
  const store = streams.store<{ get(key: string): unknown; approximateNumEntries(): number }>('eos-regions-store')!;
  const value = (k: string): unknown => {
    const v = store.get(k);
    return v !== null && typeof v === 'object' && 'value' in v ? (v as { value: unknown }).value : v;
  };
  assert.equal(value('u1'), 'north');
  assert.equal(value('ghost') ?? null, null);
  assert.equal(store.approximateNumEntries(), 2);

  // while running: aborted updates stay out, committed ones come in
  await abortOn([['u2', 'aborted']]);
  await produce(bootstrap, 'eos-regions', [{ key: 'u3', value: 'east' }]);
  const deadline = Date.now() + 10_000;
  while (value('u3') !== 'east' && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
  assert.equal(value('u3'), 'east');
  assert.equal(value('u2'), 'south');
  assert.ok(await streams.close({ timeoutMs: 20_000 }));
});
