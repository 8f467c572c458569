// The rows of bench/runtime.ts (stateless, count in-memory and LMDB, windowed count, stream-table join,
// changelog restore) with the bundled broker in a child process, so that the CPU time measured here
// (process.cpuUsage, user + system) is the streams instance's own: CPU-µs per record next to
// wall-clock records/s. Profile the instance alone with `node --cpu-prof --import tsx bench/...`.
// Run: npx tsx bench/runtime-stateful.ts [records=200000] [rows=count-mem,count-lmdb,windowed,join,restore]
// (more rows: stateless, restore-lmdb, restore-windowed, restore-windowed-lmdb)
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { Session } from 'node:inspector/promises';
import { writeFileSync } from 'node:fs';
import { Admin } from '../src/client/index.js';
import { KafkaStreams, Materialized, Serdes, StreamsBuilder, TimeWindows, type Topology } from '../src/index.js';
import { windowStoreKey } from '../src/state/internals/window-key-schema.js';
import { benchKey, fillTopic, KEYS, PARTITIONS, rateRow } from './runtime-workload.js';

const N = Number(process.argv[2] ?? 200_000);
const ROWS = new Set((process.argv[3] ?? 'count-mem,count-lmdb,windowed,join,restore').split(','));

const brokerProcess = spawn(process.execPath, [...(process.env.BENCH_BROKER_PROFILE ? ['--cpu-prof', '--cpu-prof-dir', process.env.BENCH_BROKER_PROFILE] : []), '--import', 'tsx', 'src/cli/entry.ts', 'broker', '--port', '0', '--quiet'], { stdio: ['ignore', 'pipe', 'inherit'] });
const bootstrap = await new Promise<string>((resolve, reject) => {
  brokerProcess.once('exit', (code) => reject(new Error(`broker exited with ${code}`)));
  createInterface({ input: brokerProcess.stdout! }).on('line', (line) => {
    const m = /listening on (\S+)/.exec(line);
    if (m) resolve(m[1]!);
  });
});
const admin = new Admin({ bootstrapServers: bootstrap });
const scratch = mkdtempSync(join(tmpdir(), 'bench-stateful-'));
const rows: Array<Record<string, string>> = [];

function row(workload: string, ms: number, cpuUs: number, count: number): void {
  rows.push(rateRow(workload, ms, count, cpuUs));
}

// BENCH_PROFILE=<dir>: a CPU profile of each row's measured window, <dir>/<row>.cpuprofile
const profileDir = process.env.BENCH_PROFILE;
const inspector = profileDir ? new Session() : undefined;
if (inspector) {
  inspector.connect();
  await inspector.post('Profiler.enable');
}
async function profileStart(): Promise<void> {
  await inspector?.post('Profiler.start');
}
async function profileStop(name: string): Promise<void> {
  if (!inspector) return;
  const { profile } = await inspector.post('Profiler.stop');
  writeFileSync(join(profileDir!, `${name.replace(/[^a-zA-Z0-9]+/g, '-')}.cpuprofile`), JSON.stringify(profile));
}

function cpuNow(): number {
  const u = process.cpuUsage();
  return u.user + u.system;
}

const fill = (topic: string, count: number, keyOf?: (i: number) => string | Buffer): Promise<void> => fillTopic(admin, bootstrap, topic, count, keyOf);
const key = benchKey;
const bytes = { keySerde: Serdes.String(), valueSerde: Serdes.Bytes() };

async function runApp(name: string, topology: Topology, input: number): Promise<void> {
  const id = name.replace(/[^a-zA-Z0-9]+/g, '-');
  const streams = new KafkaStreams(topology, { 'application.id': `bench-${id}`, 'bootstrap.servers': bootstrap, 'state.dir': join(scratch, id), 'commit.interval.ms': 1000 });
  await streams.start();
  await streams.waitForState('RUNNING', 60_000);
  await profileStart();
  const t0 = performance.now();
  const c0 = cpuNow();
  while (streams.progress().processed < input) await new Promise((r) => setTimeout(r, 5));
  await streams.close();
  const ms = performance.now() - t0;
  const cpu = cpuNow() - c0;
  await profileStop(name);
  row(name, ms, cpu, input);
}

if (ROWS.has('stateless') || ROWS.has('count-mem') || ROWS.has('count-lmdb') || ROWS.has('windowed') || ROWS.has('join')) await fill('in-count', N, key);
if (ROWS.has('stateless')) {
  const b = new StreamsBuilder();
  b.stream<string, Buffer>('in-count', bytes)
    .mapValues((v) => v)
    .to('out-stateless', bytes);
  await admin.createTopics([{ name: 'out-stateless', numPartitions: PARTITIONS, replicationFactor: 1 }]);
  await runApp('stateless (mapValues)', b.build(), N);
}
for (const storeType of ['in_memory', 'rocksdb'] as const) {
  if (!ROWS.has(storeType === 'in_memory' ? 'count-mem' : 'count-lmdb')) continue;
  const b = new StreamsBuilder();
  b.stream<string, Buffer>('in-count', bytes)
    .groupByKey(bytes)
    .count({ materialized: { ...Materialized.as<string, number>(`counts-${storeType}`), keySerde: Serdes.String(), valueSerde: Serdes.Long(), storeType } })
    .toStream()
    .to(`out-count-${storeType}`, { keySerde: Serdes.String(), valueSerde: Serdes.Long() });
  await admin.createTopics([{ name: `out-count-${storeType}`, numPartitions: PARTITIONS, replicationFactor: 1 }]);
  await runApp(`count (${storeType === 'rocksdb' ? 'persistent/lmdb' : 'in-memory'})`, b.build(), N);
}

if (ROWS.has('windowed')) {
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

if (ROWS.has('join')) {
  await fill('in-table', KEYS, (i) => key(i));
  const b = new StreamsBuilder();
  const table = b.table<string, Buffer>('in-table', { consumed: bytes, materialized: { ...Materialized.as<string, Buffer>('join-table'), keySerde: Serdes.String(), valueSerde: Serdes.Bytes(), storeType: 'in_memory' } });
  b.stream<string, Buffer>('in-count', bytes)
    .join(table, (l, r) => (l.length > r.length ? l : r))
    .to('out-join', bytes);
  await admin.createTopics([{ name: 'out-join', numPartitions: PARTITIONS, replicationFactor: 1 }]);
  await runApp('stream-table join (in-memory)', b.build(), N + KEYS);
}

const restoreRows = [
  { row: 'restore', storeType: 'in_memory', windowed: false },
  { row: 'restore-lmdb', storeType: 'rocksdb', windowed: false },
  { row: 'restore-windowed', storeType: 'in_memory', windowed: true },
  { row: 'restore-windowed-lmdb', storeType: 'rocksdb', windowed: true },
] as const;
for (const { row: rowName, storeType, windowed } of restoreRows) {
  if (!ROWS.has(rowName)) continue;
  const app = `bench-${rowName}`;
  // a windowed store's changelog: keys <key><window start><seq>, all in the current 1-minute window
  const windowStart = Math.floor(Date.now() / 60_000) * 60_000;
  await fill(`${app}-restored-store-changelog`, N, windowed ? (i) => windowStoreKey(Buffer.from(`k${i}`), windowStart, 0) : (i) => `k${i}`);
  await admin.createTopics([{ name: `in-${app}`, numPartitions: PARTITIONS, replicationFactor: 1 }]);
  const b = new StreamsBuilder();
  const grouped = b.stream<string, Buffer>(`in-${app}`, bytes).groupByKey(bytes);
  const materialized = { ...Materialized.as<string, number>('restored-store'), keySerde: Serdes.String(), valueSerde: Serdes.Long(), storeType };
  if (windowed) grouped.windowedBy(TimeWindows.ofSizeWithNoGrace(60_000)).count({ materialized });
  else grouped.count({ materialized });
  const streams = new KafkaStreams(b.build(), { 'application.id': app, 'bootstrap.servers': bootstrap, 'state.dir': join(scratch, app) });
  let first = 0;
  let c0 = 0;
  await profileStart();
  streams.setStateRestoreListener({
    onRestoreStart: () => {
      if (first === 0) {
        first = performance.now();
        c0 = cpuNow();
      }
    },
  });
  await streams.start();
  await streams.waitForState('RUNNING', 120_000);
  const ms = performance.now() - first;
  const cpu = cpuNow() - c0;
  const restored = streams.progress().restored;
  await profileStop(rowName);
  await streams.close();
  row(`restore (${storeType === 'rocksdb' ? 'lmdb' : 'in-memory'}${windowed ? ' window' : ''} store)`, ms, cpu, restored);
}

await admin.close();
brokerProcess.kill('SIGTERM');
rmSync(scratch, { recursive: true, force: true });
console.table(rows);
