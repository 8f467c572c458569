// Windowed anomaly detection: count the events of each user per minute, and when a minute closes
// with more events than a threshold, emit an alert. Only final counts are judged (emit on window
// close), so a burst is reported once, when its minute is over, never for a half-counted minute.
//
// Topics: `user-events` (key: user id, value: any event text) -> `anomalies` (key: user id,
// value: "<count> events in [start, end)"). Tested with the TopologyTestDriver
// (test/examples/windowed-anomaly-detector.test.ts) and on the bundled broker (test/runtime/examples.test.ts).
// `npx tsx examples/windowed-anomaly-detector.ts` (bundled broker, in process) or
// `BOOTSTRAP_SERVERS=host:9092 npx tsx examples/windowed-anomaly-detector.ts` runs it with KafkaStreams.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  KafkaStreams,
  StreamsBuilder,
  TimeWindows,
  EmitStrategy,
  Materialized,
  Serdes,
  keyValue,
  type Topology,
  type StreamsConfig,
  type LateRecord,
} from '../src/index.js';
import { allRecords, createTopics, send, withKafka } from './support/local-kafka.js';

export const EVENTS_TOPIC = 'user-events';
export const ANOMALIES_TOPIC = 'anomalies';
export const COUNTS_STORE = 'events-per-minute';

export interface AnomalyDetectorOptions {
  /** more events than this in one minute is an anomaly */
  threshold: number;
  /** how late (ms) an event may arrive and still count for its minute */
  graceMs?: number;
  /** kstreams only: what to do with events that arrive after their minute closed */
  onLateEvent?: (record: LateRecord) => void;
}

export function anomalyDetectorTopology(options: AnomalyDetectorOptions, config: StreamsConfig = {}): Topology {
  const builder = new StreamsBuilder();
  builder
    .stream<string, string>(EVENTS_TOPIC, { keySerde: Serdes.String(), valueSerde: Serdes.String() })
    .groupByKey()
    // one-minute tumbling windows; events up to graceMs late still count
    .windowedBy(TimeWindows.ofSizeAndGrace(60_000, options.graceMs ?? 10_000))
    // one result per user and minute, when the minute closes
    .emitStrategy(EmitStrategy.onWindowClose())
    .count({
      materialized: { ...Materialized.as<string, number>(COUNTS_STORE), keySerde: Serdes.String(), valueSerde: Serdes.Long() },
      onLateRecord: options.onLateEvent,
    })
    .toStream()
    .filter((_window, count) => count > options.threshold)
    .map((window, count) => keyValue(window.key, `${count} events in [${new Date(window.window.start).toISOString()}, ${new Date(window.window.end).toISOString()})`))
    .to(ANOMALIES_TOPIC, { keySerde: Serdes.String(), valueSerde: Serdes.String() });
  return builder.build(config);
}

const MINUTE = 60_000;

/**
 * Runs the detector with KafkaStreams: a burst from mallory and normal traffic from alice in the
 * first minute of 2026, then one event past that minute's end + grace, which advances stream time
 * and closes the minute. Returns the alerts read back from the anomalies topic.
 */
export async function runAnomalyDetector(bootstrapServers: string, options: { threshold?: number; readMs?: number } = {}): Promise<Array<{ key: string | null; value: string | null }>> {
  const graceMs = 5_000;
  // one partition: stream time (which closes windows) is kept per partition, so the event that
  // advances it must reach the same task as the events it closes the minute for
  await createTopics(bootstrapServers, [
    { name: EVENTS_TOPIC, partitions: 1 },
    { name: ANOMALIES_TOPIC, partitions: 1 },
  ]);
  const streams = new KafkaStreams(anomalyDetectorTopology({ threshold: options.threshold ?? 3, graceMs }), {
    'application.id': 'anomaly-detector-example',
    'bootstrap.servers': bootstrapServers,
    'state.dir': mkdtempSync(join(tmpdir(), 'anomalies-')),
    'commit.interval.ms': 200,
  });
  await streams.start();
  try {
    const t0 = Date.UTC(2026, 0, 1, 12, 0, 0);
    const events: Array<{ key: string; value: string; timestamp: number }> = [];
    for (let i = 0; i < 5; i++) events.push({ key: 'mallory', value: `login-failed-${i}`, timestamp: t0 + 1_000 + i * 1_000 });
    events.push({ key: 'alice', value: 'login', timestamp: t0 + 2_000 }, { key: 'alice', value: 'view', timestamp: t0 + 30_000 });
    // stream time reaches end + grace of the first minute: it closes and its final counts are judged
    events.push({ key: 'bob', value: 'view', timestamp: t0 + MINUTE + graceMs });
    await send(bootstrapServers, EVENTS_TOPIC, events);
    return await allRecords(bootstrapServers, ANOMALIES_TOPIC, 1, options.readMs ?? 2000);
  } finally {
    await streams.close();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  await withKafka(async (bootstrap) => {
    const alerts = await runAnomalyDetector(bootstrap);
    if (alerts.length === 0) console.log('no anomalies');
    for (const a of alerts) console.log(`ALERT ${String(a.key)}: ${String(a.value)}`);
  });
}
