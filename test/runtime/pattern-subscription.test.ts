// Pattern sources on the bundled broker: `builder.stream(/regex/)` reads every matching topic, and a
// matching topic created while the application runs is picked up at the next metadata refresh
// (metadata.max.age.ms), through a rebalance. Stateful too: a count across the pattern's topics.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { startBroker } from '../../src/broker/index.js';
import { KafkaStreams, Serdes, StreamsBuilder } from '../../src/index.js';
import { collectErrors, createTopics, longValue, produce, readUntil, tempStateDir } from './helpers.js';

const broker = await startBroker({ port: 0 });
after(() => broker.close());

const serdes = { keySerde: Serdes.String(), valueSerde: Serdes.String() };

test('a pattern source reads the matching topics, and one created later after a metadata refresh', { timeout: 60_000 }, async (t) => {
  const bootstrap = broker.address;
  await createTopics(bootstrap, [
    { name: 'clicks-eu', partitions: 2 },
    { name: 'clicks-us', partitions: 2 },
    { name: 'other', partitions: 2 },
    { name: 'upper', partitions: 2 },
    { name: 'clicks-per-user', partitions: 2 },
  ]);
  await produce(bootstrap, 'clicks-eu', [{ key: 'ann', value: 'eu1' }, { key: 'bob', value: 'eu2' }]);
  await produce(bootstrap, 'clicks-us', [{ key: 'ann', value: 'us1' }]);
  await produce(bootstrap, 'other', [{ key: 'ann', value: 'not matched' }]);

  const builder = new StreamsBuilder();
  const clicks = builder.stream<string, string>(/clicks-[a-z]{2}/, serdes);
  clicks
    .selectKey((_user, click) => click)
    .mapValues((v) => v.toUpperCase())
    .to('upper', serdes);
  clicks.groupByKey().count().toStream().to('clicks-per-user', { keySerde: Serdes.String(), valueSerde: Serdes.Long() });
  const streams = new KafkaStreams(builder.build(), {
    'application.id': 'pattern-app',
    'bootstrap.servers': bootstrap,
    'state.dir': tempStateDir(t),
    'commit.interval.ms': 100,
    'metadata.max.age.ms': 300,
  });
  const errors = collectErrors(streams);
  t.after(() => streams.close({ timeoutMs: 10_000 }));
  await streams.start();
  await streams.waitForState('RUNNING', 20_000).catch((e: unknown) => {
    throw errors[0] ?? e;
  });

  let seen = await readUntil(bootstrap, 'upper', (v) => v.toString(), (m) => m.size >= 3, 20_000);
  assert.deepEqual(new Map([...seen.latest].sort()), new Map([['eu1', 'EU1'], ['eu2', 'EU2'], ['us1', 'US1']]), 'both matching topics read, the other one not');

  // a matching topic appears while the application runs
  await createTopics(bootstrap, [{ name: 'clicks-jp', partitions: 2 }]);
  await produce(bootstrap, 'clicks-jp', [{ key: 'ann', value: 'jp1' }, { key: 'cid', value: 'jp2' }]);
  seen = await readUntil(bootstrap, 'upper', (v) => v.toString(), (m) => m.size >= 5, 20_000);
  assert.equal(seen.latest.get('jp1'), 'JP1', 'records of the new topic are processed');
  assert.equal(seen.latest.get('jp2'), 'JP2');

  const counts = await readUntil(bootstrap, 'clicks-per-user', longValue, (m) => m.get('ann') === 3 && m.get('bob') === 1 && m.get('cid') === 1, 20_000);
  assert.deepEqual(new Map([...counts.latest].sort()), new Map([['ann', 3], ['bob', 1], ['cid', 1]]));
  assert.deepEqual(streams.localThreadsMetadata().flatMap((m) => m.activeTasks).sort(), ['0_0', '0_1']);
  assert.deepEqual(errors, []);
});
