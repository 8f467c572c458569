// Windowed anomaly detection: count the events of each user per minute, and when a minute closes
// with more events than a threshold, emit an alert. Only final counts are judged (emit on window
// close), so a burst is reported once, when its minute is over, never for a half-counted minute.
//
// Topics: `user-events` (key: user id, value: any event text) -> `anomalies` (key: user id,
// value: "<count> events in [start, end)"). Runnable today through the TopologyTestDriver (see
// test/examples/windowed-anomaly-detector.test.ts); against the bundled broker once the runtime lands.
import {
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

// `npx tsx examples/windowed-anomaly-detector.ts` prints the topology
if (import.meta.url === `file://${process.argv[1]}`) {
  console.log(anomalyDetectorTopology({ threshold: 100 }).describe().toString());
}
