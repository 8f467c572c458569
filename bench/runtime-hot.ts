// One runtime workload at a time, for profiling the client/runtime glue: records/s and CPU-µs per record
// (process CPU, the in-process broker included) from RUNNING until every input record is processed and
// the last commit is done.
// Run: npx tsx bench/runtime-hot.ts [stateless|count|windowed|join] [records=200000] [repeat=1]
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { PerformanceObserver } from 'node:perf_hooks';
import { startBroker } from '../src/broker/index.js';
import { Admin } from '../src/client/index.js';
import { KafkaStreams, Materialized, Serdes, StreamsBuilder, TimeWindows, type Topology } from '../src/index.js';
import { hostSpeedMs } from './host-speed.js';
import { fillTopic, KEYS, PARTITIONS } from './runtime-workload.js';

const workload = process.argv[2] ?? 'stateless';
const N = Number(process.argv[3] ?? 200_000);
const REPEAT = Number(process.argv[4] ?? 1);
const broker = await startBroker({ port: 0 });
const bootstrap = broker.address;
const admin = new Admin({ bootstrapServers: bootstrap });
const scratch = mkdtempSync(join(tmpdir(), 'bench-runtime-hot-'));
const bytes = { keySerde: Serdes.String(), valueSerde: Serdes.Bytes() };
const longs = { keySerde: Serdes.String(), valueSerde: Serdes.Long() };

const fill = (topic: string, count: number): Promise<void> => fillTopic(admin, bootstrap, topic, count);

function topology(out: string): { topology: Topology; input: number } {
  const b = new StreamsBuilder();
  if (workload === 'stateless') {
    b.stream<string, Buffer>('in', bytes).mapValues((v) => v).to(out, bytes);
  } else if (workload === 'count') {
    b.stream<string, Buffer>('in', bytes).groupByKey(bytes)
      .count({ materialized: { ...Materialized.as<string, number>('counts'), ...longs, storeType: 'in_memory' } })
      .toStream().to(out, longs);
  } else if (workload === 'windowed') {
    b.stream<string, Buffer>('in', bytes).groupByKey(bytes).windowedBy(TimeWindows.ofSizeWithNoGrace(60_000))
      .count({ materialized: { ...Materialized.as<string, number>('wcounts'), ...longs, storeType: 'in_memory' } })
      .toStream().map((w, n) => ({ key: `${w.key}@${w.window.start}`, value: n })).to(out, longs);
  } else if (workload === 'join') {
    const table = b.table<string, Buffer>('in-table', { consumed: bytes, materialized: { ...Materialized.as<string, Buffer>('jt'), ...bytes, storeType: 'in_memory' } });
    b.stream<string, Buffer>('in', bytes).join(table, (l, r) => (l.length > r.length ? l : r)).to(out, bytes);
    return { topology: b.build(), input: N + KEYS };
  } else throw new Error(`unknown workload ${workload}`);
  return { topology: b.build(), input: N };
}

// GC pauses (main thread) inside the measured window
let gcMs = 0;
new PerformanceObserver((list) => {
  for (const e of list.getEntries()) gcMs += e.duration;
}).observe({ entryTypes: ['gc'] });

await fill('in', N);
if (workload === 'join') await fill('in-table', KEYS);
for (let run = 0; run < REPEAT; run++) {
  const out = `out-${run}`;
  await admin.createTopics([{ name: out, numPartitions: PARTITIONS, replicationFactor: 1 }]);
  const { topology: t, input } = topology(out);
  const streams = new KafkaStreams(t, { 'application.id': `hot-${workload}-${run}`, 'bootstrap.servers': bootstrap, 'state.dir': join(scratch, String(run)), 'commit.interval.ms': 1000 });
  await streams.start();
  await streams.waitForState('RUNNING', 60_000);
  // BENCH_PROFILE=<file>: a CPU profile of the last run only (fill and start-up excluded)
  const profile = process.env.BENCH_PROFILE !== undefined && run === REPEAT - 1 ? new Session() : undefined;
  // BENCH_HEAP_PROFILE=1: sample allocations instead, collected objects included (a .heapprofile)
  const heap = process.env.BENCH_HEAP_PROFILE !== undefined;
  if (profile) {
    profile.connect();
    if (heap) {
      await profile.post('HeapProfiler.enable');
      await profile.post('HeapProfiler.startSampling', { samplingInterval: 4096, includeObjectsCollectedByMajorGC: true, includeObjectsCollectedByMinorGC: true });
    } else {
      await profile.post('Profiler.enable');
      await profile.post('Profiler.start');
    }
  }
  await new Promise((r) => setTimeout(r, 20));
  gcMs = 0;
  const cpu0 = process.cpuUsage();
  const elu0 = performance.eventLoopUtilization();
  const t0 = performance.now();
  while (streams.progress().processed < input) await new Promise((r) => setTimeout(r, 5));
  const tProcessed = performance.now();
  await streams.close();
  if (process.env.BENCH_CLOSE_TIME) console.log(`processed after ${(tProcessed - t0).toFixed(0)} ms, close ${(performance.now() - tProcessed).toFixed(0)} ms`);
  const ms = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  const elu = performance.eventLoopUtilization(elu0).utilization;
  if (profile) {
    const { profile: data } = heap ? await profile.post('HeapProfiler.stopSampling') : await profile.post('Profiler.stop');
    writeFileSync(process.env.BENCH_PROFILE!, JSON.stringify(data));
    profile.disconnect();
  }
  const cpuUs = (cpu.user + cpu.system) / input;
  await new Promise((r) => setTimeout(r, 20)); // let the observer report
  const gc = gcMs;
  console.log(`${workload} run ${run}: ${Math.round(input / (ms / 1000)).toLocaleString('en-US')} records/s, ${cpuUs.toFixed(2)} CPU-µs/record, GC ${((gc * 1000) / input).toFixed(2)} µs/record, event-loop utilisation ${elu.toFixed(2)}, ${ms.toFixed(0)} ms`);
}
console.log(`host speed (bench/host-speed.ts, lower is faster): ${hostSpeedMs().toFixed(0)} ms`);
await admin.close();
await broker.close();
rmSync(scratch, { recursive: true, force: true });
