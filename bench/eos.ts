// Exactly-once v2 against at-least-once, end to end through the bundled broker (in memory), one instance,
// one thread, in the same run. The topology is stateful with a repartition: input records keyed by user
// ("u<n>") are regrouped by region (1000 regions, taken from the value), counted, and the counts written
// to the output topic.
// 1. Throughput: N records preloaded; time from RUNNING until every record went through both
//    sub-topologies and the instance closed (last commit done). EOS commits every 100 ms (its default);
//    at-least-once is shown with its default commit interval (30 s) and with 100 ms. The record cache
//    is on (its default), as an application would run; a warm-up run comes first.
// 2. End-to-end latency at a fixed input rate (default 10k records/s): record timestamp = send time,
//    latency = when a read_committed consumer of the output sees the count update (the count carries its
//    input record's timestamp). Record cache off, so every input record gives one output record.
// CPU: process.cpuUsage() of this process (broker, instance, producer and consumer all run here) per
// input record, and the event loop's utilisation over the phase.
// Run: npx tsx bench/eos.ts [records=50000] [latencySeconds=10] [rate=10000]
import { mkdtempSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { startBroker } from '../src/broker/index.js';
import { Admin, Consumer, Producer } from '../src/client/index.js';
import { KafkaStreams, Materialized, Serdes, StreamsBuilder, type Topology } from '../src/index.js';

const N = Number(process.argv[2] ?? 50_000);
const LATENCY_SECONDS = Number(process.argv[3] ?? 10);
const RATE = Number(process.argv[4] ?? 10_000);
const PARTITIONS = 4;
const REGIONS = 1000;
const USERS = 20_000;
const payload = 'x'.repeat(60);

const broker = await startBroker({ port: 0 });
const bootstrap = broker.address;
const admin = new Admin({ bootstrapServers: bootstrap });
const scratch = mkdtempSync(join(tmpdir(), 'bench-eos-'));
const rows: Array<Record<string, string>> = [];
let runs = 0;

type Guarantee = 'at_least_once' | 'exactly_once_v2';

const value = (i: number): string => `r${i % REGIONS}|${payload}`;
const userKey = (i: number): string => `u${i % USERS}`;

function topology(input: string, output: string): Topology {
  const b = new StreamsBuilder();
  const strings = { keySerde: Serdes.String(), valueSerde: Serdes.String() };
  b.stream<string, string>(input, strings)
    .groupBy((_user, v) => v.slice(0, v.indexOf('|')), strings)
    .count({ materialized: { ...Materialized.as<string, number>('counts-by-region'), keySerde: Serdes.String(), valueSerde: Serdes.Long(), storeType: 'in_memory' } })
    .toStream()
    .to(output, { keySerde: Serdes.String(), valueSerde: Serdes.Long() });
  return b.build();
}

async function topics(...names: string[]): Promise<void> {
  await admin.createTopics(names.map((name) => ({ name, numPartitions: PARTITIONS, replicationFactor: 1 })));
}

function streamsFor(name: string, input: string, output: string, guarantee: Guarantee, extra: Record<string, unknown>): KafkaStreams {
  return new KafkaStreams(topology(input, output), {
    'application.id': `bench-eos-${name}-${runs++}`,
    'bootstrap.servers': bootstrap,
    'state.dir': join(scratch, `${name}-${runs}`),
    'processing.guarantee': guarantee,
    ...extra,
  });
}

/** the config error of a runtime that does not accept exactly_once_v2 yet, or undefined */
function unsupported(guarantee: Guarantee): string | undefined {
  try {
    streamsFor('probe', 'probe-in', 'probe-out', guarantee, {});
    return undefined;
  } catch (e) {
    const err = e as { code?: string; message?: string };
    if (err.code === 'CONFIG') return err.message ?? 'config error';
    throw e;
  }
}

function cpuSince(start: NodeJS.CpuUsage): number {
  const d = process.cpuUsage(start);
  return (d.user + d.system) / 1000; // ms
}

// ---- throughput ----

const preloaded = 'eos-bench-in';
await topics(preloaded);
{
  const producer = new Producer({ bootstrapServers: bootstrap, lingerMs: 5 });
  const base = Date.now() - N;
  for (let i = 0; i < N; i++) {
    producer.produce({ topic: preloaded, key: userKey(i), value: value(i), timestamp: base + i });
    if (i % 20_000 === 19_999) await producer.flush();
  }
  await producer.flush();
  await producer.close();
}

async function throughput(label: string, guarantee: Guarantee, commitIntervalMs: number | undefined): Promise<void> {
  const reason = unsupported(guarantee);
  if (reason !== undefined) {
    rows.push({ workload: `throughput, ${label}`, records: String(N), 'records/s': 'n/a', 'CPU µs/record': 'n/a', ELU: 'n/a', note: reason.slice(0, 60) });
    return;
  }
  const output = `eos-bench-out-${runs}`;
  await topics(output);
  const streams = streamsFor('tput', preloaded, output, guarantee, commitIntervalMs === undefined ? {} : { 'commit.interval.ms': commitIntervalMs });
  await streams.start();
  await streams.waitForState('RUNNING', 60_000);
  const elu0 = performance.eventLoopUtilization();
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  // every record goes through both sub-topologies (source -> repartition, repartition -> count -> sink)
  while (streams.progress().processed < 2 * N) await new Promise((r) => setTimeout(r, 5));
  await streams.close();
  const ms = performance.now() - t0;
  const cpuMs = cpuSince(cpu0);
  const elu = performance.eventLoopUtilization(elu0).utilization;
  rows.push({
    workload: `throughput, ${label}`,
    records: String(N),
    'records/s': Math.round(N / (ms / 1000)).toLocaleString('en-US'),
    'CPU µs/record': ((cpuMs * 1000) / N).toFixed(1),
    ELU: elu.toFixed(2),
    note: `${ms.toFixed(0)} ms`,
  });
  console.error(`${label}: ${Math.round(N / (ms / 1000))} records/s`);
}

// warm-up (JIT, broker): the first run would otherwise look slower than the others; not reported
await throughput('warm-up', 'at_least_once', 100);
rows.pop();
await throughput('at-least-once (commit 30 s)', 'at_least_once', undefined);
await throughput('at-least-once (commit 100 ms)', 'at_least_once', 100);
await throughput('exactly-once v2 (commit 100 ms)', 'exactly_once_v2', 100);

// ---- latency at a fixed rate ----

function percentile(sorted: number[], p: number): number {
  return sorted.length === 0 ? NaN : sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

async function latency(label: string, guarantee: Guarantee, commitIntervalMs: number): Promise<void> {
  const total = Math.round(RATE * LATENCY_SECONDS);
  const reason = unsupported(guarantee);
  if (reason !== undefined) {
    rows.push({ workload: `latency @${RATE}/s, ${label}`, records: String(total), 'records/s': 'n/a', 'CPU µs/record': 'n/a', ELU: 'n/a', note: reason.slice(0, 60) });
    return;
  }
  const input = `eos-bench-lat-in-${runs}`;
  const output = `eos-bench-lat-out-${runs}`;
  await topics(input, output);
  const streams = streamsFor('lat', input, output, guarantee, { 'commit.interval.ms': commitIntervalMs, 'statestore.cache.max.bytes': 0 });
  await streams.start();
  await streams.waitForState('RUNNING', 60_000);
  const consumer = new Consumer({ bootstrapServers: bootstrap, autoOffsetReset: 'earliest', isolationLevel: 'read_committed' });
  consumer.assign(Array.from({ length: PARTITIONS }, (_, partition) => ({ topic: output, partition })));
  await consumer.poll({ timeoutMs: 100 });
  const producer = new Producer({ bootstrapServers: bootstrap, lingerMs: 1 });
  const latencies: number[] = [];
  let sent = 0;
  let producing = true;
  const elu0 = performance.eventLoopUtilization();
  const cpu0 = process.cpuUsage();
  const t0 = Date.now();
  const feed = (async () => {
    // sends in 5 ms ticks, catching up to the schedule (rate × elapsed time)
    while (sent < total) {
      const due = Math.min(total, Math.floor(((Date.now() - t0) * RATE) / 1000));
      for (; sent < due; sent++) producer.produce({ topic: input, key: userKey(sent), value: value(sent), timestamp: Date.now() });
      await new Promise((r) => setTimeout(r, 5));
    }
    await producer.flush();
    producing = false;
  })();
  const deadline = t0 + LATENCY_SECONDS * 1000 + 60_000;
  while ((producing || latencies.length < total) && Date.now() < deadline) {
    for (const r of await consumer.poll({ timeoutMs: 100 })) latencies.push(Date.now() - r.timestamp);
  }
  await feed;
  const wallMs = Date.now() - t0;
  const cpuMs = cpuSince(cpu0);
  const elu = performance.eventLoopUtilization(elu0).utilization;
  await consumer.close();
  await producer.close();
  await streams.close();
  latencies.sort((a, b) => a - b);
  rows.push({
    workload: `latency @${RATE}/s, ${label}`,
    records: `${total} (${latencies.length} out)`,
    'records/s': Math.round(total / (wallMs / 1000)).toLocaleString('en-US'),
    'CPU µs/record': ((cpuMs * 1000) / total).toFixed(1),
    ELU: elu.toFixed(2),
    note: `p50 ${percentile(latencies, 50)} ms, p99 ${percentile(latencies, 99)} ms, max ${latencies[latencies.length - 1]} ms`,
  });
  console.error(`${label}: p50 ${percentile(latencies, 50)} ms p99 ${percentile(latencies, 99)} ms`);
}

await latency('exactly-once v2 (commit 100 ms)', 'exactly_once_v2', 100);
await latency('at-least-once (commit 100 ms)', 'at_least_once', 100);

await admin.close();
await broker.close();
rmSync(scratch, { recursive: true, force: true });
console.table(rows);
mkdirSync('bench/results', { recursive: true });
writeFileSync('bench/results/eos.json', JSON.stringify({ records: N, latencySeconds: LATENCY_SECONDS, rate: RATE, rows }, null, 2));
