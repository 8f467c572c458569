// Windowed counts: clicks per user in tumbling one-minute windows (event time from the record
// timestamps), the kind of count an anomaly detector watches. `npx tsx examples/windowed-count.ts`.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { KafkaStreams, Materialized, Serdes, StreamsBuilder, TimeWindows, type Topology } from '../src/index.js';
import { createTopics, latestValues, send, withKafka } from './support/local-kafka.js';

const MINUTE = 60_000;

export function windowedCountTopology(): Topology {
  const builder = new StreamsBuilder();
  builder
    .stream<string, string>('clicks', { keySerde: Serdes.String(), valueSerde: Serdes.String() })
    .groupByKey({ keySerde: Serdes.String(), valueSerde: Serdes.String() })
    .windowedBy(TimeWindows.ofSizeAndGrace(MINUTE, 10_000))
    .count({ materialized: { ...Materialized.as<string, number>('clicks-per-minute'), keySerde: Serdes.String(), valueSerde: Serdes.Long() } })
    .toStream()
    // "<user>@<window start>" as the output key
    .map((windowed, count) => ({ key: `${windowed.key}@${new Date(windowed.window.start).toISOString()}`, value: count }))
    .to('clicks-per-minute', { keySerde: Serdes.String(), valueSerde: Serdes.Long() });
  return builder.build();
}

export async function runWindowedCount(bootstrapServers: string): Promise<Map<string, number>> {
  await createTopics(bootstrapServers, [
    { name: 'clicks', partitions: 2 },
    { name: 'clicks-per-minute', partitions: 2 },
  ]);
  const streams = new KafkaStreams(windowedCountTopology(), {
    'application.id': 'windowed-count-example',
    'bootstrap.servers': bootstrapServers,
    'state.dir': mkdtempSync(join(tmpdir(), 'windowed-')),
    'commit.interval.ms': 200,
  });
  await streams.start();
  try {
    const t0 = Date.UTC(2026, 0, 1, 12, 0, 0);
    await send(bootstrapServers, 'clicks', [
      { key: 'alice', value: 'click', timestamp: t0 + 1_000 },
      { key: 'alice', value: 'click', timestamp: t0 + 30_000 },
      { key: 'bob', value: 'click', timestamp: t0 + 40_000 },
      { key: 'alice', value: 'click', timestamp: t0 + MINUTE + 5_000 },
      { key: 'alice', value: 'click', timestamp: t0 + 50_000 }, // late but within the grace period
    ]);
    return await latestValues(bootstrapServers, 'clicks-per-minute', 2, (k, v) => [k.toString(), Number(v.readBigInt64BE(0))], 2000);
  } finally {
    await streams.close();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  await withKafka(async (bootstrap) => {
    for (const [key, n] of [...(await runWindowedCount(bootstrap))].sort()) console.log(`${key}: ${n}`);
  });
}
