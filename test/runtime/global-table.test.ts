// A global table is loaded completely before the first stream record is processed.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { startBroker } from '../../src/broker/index.js';
import { KafkaStreams, Materialized, Serdes, StreamsBuilder, type KafkaStreamsState } from '../../src/index.js';
import { createTopics, produce, readUntil, tempStateDir } from './helpers.js';

const broker = await startBroker({ port: 0 });
after(() => broker.close());

test('global table fully loaded before the first record; every click joins, updates keep flowing in', async (t) => {
  const bootstrap = broker.address;
  await createTopics(bootstrap, [
    { name: 'regions', partitions: 3 },
    { name: 'clicks', partitions: 2 },
    { name: 'clicks-with-region', partitions: 2 },
  ]);
  const USERS = 2000;
  await produce(bootstrap, 'regions', Array.from({ length: USERS }, (_, u) => ({ key: `user${u}`, value: `region${u % 7}` })));
  // clicks are there before the application starts: the first ones would find an empty table if it were not loaded first
  await produce(bootstrap, 'clicks', Array.from({ length: 300 }, (_, c) => ({ key: `click${c}`, value: `user${(c * 13) % USERS}` })));

  const builder = new StreamsBuilder();
  const regions = builder.globalTable<string, string>('regions', {
    consumed: { keySerde: Serdes.String(), valueSerde: Serdes.String() },
    materialized: Materialized.as<string, string>('regions-store'),
  });
  let sizeAtFirstRecord = -1;
  const ref: { streams?: KafkaStreams } = {};
  builder
    .stream<string, string>('clicks', { keySerde: Serdes.String(), valueSerde: Serdes.String() })
    .peek(() => {
      if (sizeAtFirstRecord < 0) {
        const store = ref.streams!.store<{ approximateNumEntries(): number }>('regions-store');
        sizeAtFirstRecord = store?.approximateNumEntries() ?? 0;
      }
    })
    .join(regions, (user, region) => `${user}@${region}`, { keySelector: (_click, user) => user })
    .to('clicks-with-region', { keySerde: Serdes.String(), valueSerde: Serdes.String() });

  const streams = new KafkaStreams(builder.build(), {
    'application.id': 'global-app',
    'bootstrap.servers': bootstrap,
    'state.dir': tempStateDir(t),
    'commit.interval.ms': 100,
  });
  ref.streams = streams;
  let restoredGlobal = 0;
  streams.setGlobalStateRestoreListener({ onRestoreStart: (_tp, _s, from, to) => void (restoredGlobal += to - from) });
  const states: KafkaStreamsState[] = [];
  streams.setStateListener((s) => states.push(s));
  t.after(() => streams.close());
  await streams.start();
  assert.equal(streams.progress().globalApplied, USERS, 'start() returns after the global topics were read to their end');
  assert.equal(restoredGlobal, USERS);
  await streams.waitForState('RUNNING', 20_000);

  const { latest } = await readUntil(bootstrap, 'clicks-with-region', (v) => v.toString(), (m) => m.size === 300);
  assert.equal(sizeAtFirstRecord, USERS, 'the whole table was there when the first click was processed');
  assert.equal(latest.size, 300, 'every click found its user');
  assert.equal(latest.get('click1'), 'user13@region6');

  // later updates of the global topic reach the table while running
  await produce(bootstrap, 'regions', [{ key: 'user13', value: 'moved-away' }]);
  await new Promise((r) => setTimeout(r, 500));
  await produce(bootstrap, 'clicks', [{ key: 'click-late', value: 'user13' }]);
  const late = await readUntil(bootstrap, 'clicks-with-region', (v) => v.toString(), (m) => m.has('click-late'));
  assert.equal(late.latest.get('click-late'), 'user13@moved-away');
  assert.deepEqual(states.slice(0, 2), ['REBALANCING', 'RUNNING']);
});
