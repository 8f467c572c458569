// Page views per region (Kafka Streams' PageViewRegion example): a stream of page views keyed by user
// is joined with the table of user profiles (user -> region), re-keyed by region and counted.
// The join needs page-views and user-regions co-partitioned (same partition count); the count goes
// through a repartition topic. `npx tsx examples/page-view-region.ts`.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { KafkaStreams, Materialized, Serdes, StreamsBuilder, keyValue, type Topology } from '../src/index.js';
import { createTopics, latestValues, send, withKafka } from './support/local-kafka.js';

export function pageViewRegionTopology(): Topology {
  const builder = new StreamsBuilder();
  const strings = { keySerde: Serdes.String(), valueSerde: Serdes.String() };
  const regions = builder.table<string, string>('user-regions', { consumed: strings });
  builder
    .stream<string, string>('page-views', strings) // key: user, value: page
    .join(regions, (page, region) => ({ page, region }))
    .map((_user, view) => keyValue(view.region, view.page))
    .groupByKey(strings)
    .count({ materialized: { ...Materialized.as<string, number>('views-per-region'), keySerde: Serdes.String(), valueSerde: Serdes.Long() } })
    .toStream()
    .to('page-views-by-region', { keySerde: Serdes.String(), valueSerde: Serdes.Long() });
  return builder.build();
}

export async function runPageViewRegion(bootstrapServers: string): Promise<Map<string, number>> {
  await createTopics(bootstrapServers, [
    { name: 'page-views', partitions: 2 },
    { name: 'user-regions', partitions: 2 },
    { name: 'page-views-by-region', partitions: 2 },
  ]);
  const streams = new KafkaStreams(pageViewRegionTopology(), {
    'application.id': 'pageview-region-example',
    'bootstrap.servers': bootstrapServers,
    'state.dir': mkdtempSync(join(tmpdir(), 'pageview-')),
    'commit.interval.ms': 200,
  });
  await send(bootstrapServers, 'user-regions', [
    { key: 'alice', value: 'europe' },
    { key: 'bob', value: 'asia' },
    { key: 'carol', value: 'europe' },
  ]);
  await streams.start();
  try {
    await streams.waitForState('RUNNING');
    await new Promise((r) => setTimeout(r, 300)); // the table side is read first
    await send(bootstrapServers, 'page-views', [
      { key: 'alice', value: '/index' },
      { key: 'bob', value: '/index' },
      { key: 'carol', value: '/docs' },
      { key: 'alice', value: '/docs' },
      { key: 'dave', value: '/index' }, // no profile: dropped by the inner join
    ]);
    return await latestValues(bootstrapServers, 'page-views-by-region', 2, (k, v) => [k.toString(), Number(v.readBigInt64BE(0))], 2000);
  } finally {
    await streams.close();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  await withKafka(async (bootstrap) => {
    for (const [region, views] of await runPageViewRegion(bootstrap)) console.log(`${region}: ${views} views`);
  });
}
