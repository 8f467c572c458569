// A persistent global table checkpoints the positions it applied: a restarted instance reads only what
// was written to the global topic since.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { startBroker } from '../../src/broker/index.js';
import { KafkaStreams, Materialized, Serdes, StreamsBuilder } from '../../src/index.js';
import { createTopics, produce, tempStateDir } from './helpers.js';

const broker = await startBroker({ port: 0 });
after(() => broker.close());

test('a restarted instance resumes its persistent global table from the checkpointed positions', async (t) => {
  const bootstrap = broker.address;
  await createTopics(bootstrap, [
    { name: 'gc-table', partitions: 3 },
    { name: 'gc-in', partitions: 1 },
  ]);
  await produce(bootstrap, 'gc-table', Array.from({ length: 600 }, (_, i) => ({ key: `k${i % 250}`, value: `v${i}` })));
  const stateDir = tempStateDir(t);
  const start = async (): Promise<KafkaStreams> => {
    const builder = new StreamsBuilder();
    builder.globalTable<string, string>('gc-table', {
      consumed: { keySerde: Serdes.String(), valueSerde: Serdes.String() },
      materialized: { ...Materialized.as<string, string>('gc-store'), storeType: 'rocksdb' },
    });
    builder.stream<string, string>('gc-in', { keySerde: Serdes.String(), valueSerde: Serdes.String() }).foreach(() => {});
    const streams = new KafkaStreams(builder.build(), { 'application.id': 'global-checkpoint-app', 'bootstrap.servers': bootstrap, 'state.dir': stateDir });
    await streams.start();
    return streams;
  };
  const first = await start();
  t.after(() => first.close());
  assert.equal(first.progress().globalApplied, 600);
  await first.close();

  await produce(bootstrap, 'gc-table', Array.from({ length: 40 }, (_, i) => ({ key: `k${i}`, value: `new${i}` })));
  const second = await start();
  t.after(() => second.close());
  assert.equal(second.progress().globalApplied, 40, 'only the records written after the checkpoint are read again');
  const store = second.store<{ get(k: string): { value: string } | string | null; approximateNumEntries(): number }>('gc-store')!;
  assert.equal(store.approximateNumEntries(), 250);
  const v = store.get('k3');
  assert.equal(typeof v === 'string' ? v : v?.value, 'new3');
  const w = store.get('k249');
  assert.equal(typeof w === 'string' ? w : w?.value, 'v499');
  await second.close();
});
