// End-to-end KafkaStreams throughput through the bundled broker (in memory), one instance, one thread,
// 100-byte records preloaded into the input topic: stateless (source -> mapValues -> sink), count,
// windowed count, stream-table join; the restore rate of a changelog; and a hand-written kafkajs
// consume-transform-produce loop on the same broker in the same run for comparison.
// Time runs from the moment the instance is RUNNING until every input record is processed and the
// last commit (producer flushed, offsets committed) is done.
// Run: npx tsx bench/runtime.ts [records=200000]    (the figure: 1000000)
import { mkdtempSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Kafka, logLevel } from 'kafkajs';
import { startBroker } from '../src/broker/index.js';
import { Admin } from '../src/client/index.js';
import { KafkaStreams, Materialized, Serdes, StreamsBuilder, TimeWindows, type Topology } from '../src/index.js';
import { hostSpeedMs } from './host-speed.js';
import { benchKey, fillTopic, KEYS, PARTITIONS, rateRow } from './runtime-workload.js';

const N = Number(process.argv[2] ?? 200_000);
const hostBefore = hostSpeedMs();
const broker = await startBroker({ port: 0 });
const bootstrap = broker.address;
const admin = new Admin({ bootstrapServers: bootstrap });
const rows: Array<Record<string, string>> = [];
const scratch = mkdtempSync(join(tmpdir(), 'bench-runtime-'));

/** `cpu`: process CPU time over the same window (the in-process broker included) */
function row(workload: string, ms: number, count: number, cpu?: NodeJS.CpuUsage): void {
  rows.push(rateRow(workload, ms, count, cpu === undefined ? undefined : cpu.user + cpu.system));
}

const fill = (topic: string, count: number, keyOf?: (i: number) => string): Promise<void> => fillTopic(admin, bootstrap, topic, count, keyOf);
const key = benchKey;

async function runApp(name: string, topology: Topology, input: number, extra: Record<string, unknown> = {}): Promise<void> {
  const streams = new KafkaStreams(topology, {
    'application.id': `bench-${name.replace(/[^a-zA-Z0-9]+/g, '-')}`,
    'bootstrap.servers': bootstrap,
    'state.dir': join(scratch, name.replace(/[^a-zA-Z0-9]+/g, '-')),
    'commit.interval.ms': 1000,
    ...(process.env.BENCH_BUFFERED ? { 'buffered.records.per.partition': Number(process.env.BENCH_BUFFERED) } : {}),
    ...extra,
  });
  await streams.start();
  await streams.waitForState('RUNNING', 60_000);
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  let lastLog = Date.now();
  while (streams.progress().processed < input) {
    await new Promise((r) => setTimeout(r, 5));
    if (process.env.BENCH_DEBUG && Date.now() - lastLog > 1000) {
      lastLog = Date.now();
      console.error(name, streams.progress(), JSON.stringify(streams.localThreadsMetadata()));
    }
  }
  await streams.close();
  row(name, performance.now() - t0, input, process.cpuUsage(cpu0));
}

const bytes = { keySerde: Serdes.String(), valueSerde: Serdes.Bytes() };

// stateless
await fill('in-stateless', N, key);
{
  const b = new StreamsBuilder();
  b.stream<string, Buffer>('in-stateless', bytes).mapValues((v) => v).to('out-stateless', bytes);
  await admin.createTopics([{ name: 'out-stateless', numPartitions: PARTITIONS, replicationFactor: 1 }]);
  await runApp('stateless (mapValues)', b.build(), N);
}

// count (in-memory and persistent store)
await fill('in-count', N, key);
for (const storeType of ['in_memory', 'rocksdb'] as const) {
  const b = new StreamsBuilder();
  b.stream<string, Buffer>('in-count', bytes)
    .groupByKey(bytes)
    .count({ materialized: { ...Materialized.as<string, number>(`counts-${storeType}`), keySerde: Serdes.String(), valueSerde: Serdes.Long(), storeType } })
    .toStream()
    .to(`out-count-${storeType}`, { keySerde: Serdes.String(), valueSerde: Serdes.Long() });
  await admin.createTopics([{ name: `out-count-${storeType}`, numPartitions: PARTITIONS, replicationFactor: 1 }]);
  await runApp(`count (${storeType === 'rocksdb' ? 'persistent/lmdb' : 'in-memory'})`, b.build(), N);
}

// windowed count
{
  const b = new StreamsBuilder();
  b.stream<string, Buffer>('in-count', bytes)
    .groupByKey(bytes)
    .windowedBy(TimeWindows.ofSizeWithNoGrace(60_000))
    .count({ materialized: { ...Materialized.as<string, number>('windowed-counts'), keySerde: Serdes.String(), valueSerde: Serdes.Long(), storeType: 'in_memory' } })
    .toStream()
    .map((w, n) => ({ key: `${w.key}@${w.window.start}`, value: n }))
    .to('out-windowed', { keySerde: Serdes.String(), valueSerde: Serdes.Long() });
  await admin.createTopics([{ name: 'out-windowed', numPartitions: PARTITIONS, replicationFactor: 1 }]);
  await runApp('windowed count (in-memory)', b.build(), N);
}

// stream-table join: the table (KEYS rows) is loaded first, then N stream records
await fill('in-table', KEYS, (i) => key(i));
{
  const b = new StreamsBuilder();
  const table = b.table<string, Buffer>('in-table', { consumed: bytes, materialized: { ...Materialized.as<string, Buffer>('join-table'), keySerde: Serdes.String(), valueSerde: Serdes.Bytes(), storeType: 'in_memory' } });
  b.stream<string, Buffer>('in-count', bytes)
    .join(table, (l, r) => (l.length > r.length ? l : r))
    .to('out-join', bytes);
  await admin.createTopics([{ name: 'out-join', numPartitions: PARTITIONS, replicationFactor: 1 }]);
  await runApp('stream-table join (in-memory)', b.build(), N + KEYS);
}

// restore rate: a changelog of N records, restored into a fresh state directory
{
  const app = 'bench-restore';
  const changelog = `${app}-restored-store-changelog`;
  await fill(changelog, N, (i) => `k${i}`);
  await admin.createTopics([{ name: 'in-restore', numPartitions: PARTITIONS, replicationFactor: 1 }]);
  const b = new StreamsBuilder();
  b.stream<string, Buffer>('in-restore', bytes)
    .groupByKey(bytes)
    .count({ materialized: { ...Materialized.as<string, number>('restored-store'), keySerde: Serdes.String(), valueSerde: Serdes.Long(), storeType: 'in_memory' } });
  const streams = new KafkaStreams(b.build(), { 'application.id': app, 'bootstrap.servers': bootstrap, 'state.dir': join(scratch, 'restore') });
  let first = 0;
  let cpu0: NodeJS.CpuUsage | undefined;
  streams.setStateRestoreListener({ onRestoreStart: () => void (first ||= ((cpu0 = process.cpuUsage()), performance.now())) });
  await streams.start();
  await streams.waitForState('RUNNING', 120_000);
  const ms = performance.now() - first;
  const cpu = cpu0 === undefined ? undefined : process.cpuUsage(cpu0);
  const restored = streams.progress().restored;
  await streams.close();
  row('restore (in-memory store)', ms, restored, cpu);
}

// kafkajs consume-transform-produce loop (the same stateless job by hand)
{
  const kafka = new Kafka({ brokers: [bootstrap], logLevel: logLevel.NOTHING, clientId: 'bench-kafkajs' });
  await admin.createTopics([{ name: 'out-kafkajs', numPartitions: PARTITIONS, replicationFactor: 1 }]);
  const producer = kafka.producer();
  const consumer = kafka.consumer({ groupId: 'bench-kafkajs-loop' });
  await producer.connect();
  await consumer.connect();
  await consumer.subscribe({ topic: 'in-stateless', fromBeginning: true });
  let seen = 0;
  let t0 = 0;
  let cpu0: NodeJS.CpuUsage | undefined;
  let resolveDone: () => void = () => undefined;
  const done = new Promise<void>((r) => (resolveDone = r));
  await consumer.run({
    eachBatch: async ({ batch }) => {
      if (t0 === 0) {
        t0 = performance.now();
        cpu0 = process.cpuUsage();
      }
      await producer.send({ topic: 'out-kafkajs', messages: batch.messages.map((m) => ({ key: m.key, value: m.value })) });
      seen += batch.messages.length;
      if (seen >= N) resolveDone();
    },
  });
  await done;
  row('kafkajs loop (stateless, by hand)', performance.now() - t0, seen, cpu0 === undefined ? undefined : process.cpuUsage(cpu0));
  await consumer.disconnect();
  await producer.disconnect();
}

await admin.close();
await broker.close();
rmSync(scratch, { recursive: true, force: true });
console.table(rows);
mkdirSync('bench/results', { recursive: true });
const hostAfter = hostSpeedMs();
console.error(`host speed (bench/host-speed.ts, lower is faster): ${hostBefore.toFixed(0)} ms before, ${hostAfter.toFixed(0)} ms after`);
writeFileSync('bench/results/runtime.json', JSON.stringify({ records: N, hostSpeedMs: [hostBefore, hostAfter], rows }, null, 2));
