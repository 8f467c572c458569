// One instance of bench/failover.ts as its own process: counts the records of `failover-in` per key into
// a store (one entry per distinct key: the state a failover must bring back), and reports its events as
// JSON lines on stdout (state, tasks, restorations; see test/runtime/fixtures/instance-events.ts) plus
// its processed count every 100 ms.
// Usage: failover-instance.ts <bootstrap> <application.id> <state.dir> <num.standby.replicas> <session.timeout.ms> <memory|persistent>
import { KafkaStreams, Materialized, Serdes, StreamsBuilder } from '../src/index.js';
import { reportEvents } from '../test/runtime/fixtures/instance-events.js';

const [bootstrap, applicationId, stateDir, standbys, sessionTimeoutMs, storeKind] = process.argv.slice(2);

const builder = new StreamsBuilder();
builder
  .stream<string, Buffer>('failover-in', { keySerde: Serdes.String(), valueSerde: Serdes.Bytes() })
  .groupByKey({ keySerde: Serdes.String(), valueSerde: Serdes.Bytes() })
  .count({
    materialized: {
      ...Materialized.as<string, number>('counts'),
      keySerde: Serdes.String(),
      valueSerde: Serdes.Long(),
      storeType: storeKind === 'persistent' ? ('rocksdb' as const) : ('in_memory' as const),
    },
  });

const session = Number(sessionTimeoutMs);
const streams = new KafkaStreams(builder.build(), {
  'application.id': applicationId!,
  'bootstrap.servers': bootstrap!,
  'state.dir': stateDir!,
  'num.standby.replicas': Number(standbys),
  'session.timeout.ms': session,
  'heartbeat.interval.ms': Math.max(100, Math.floor(session / 10)),
  'commit.interval.ms': 1000,
});
reportEvents(streams, () => ({}));
setInterval(() => process.stdout.write(`${JSON.stringify({ t: Date.now(), event: 'progress', processed: streams.progress().processed })}\n`), 100);
await streams.start();
