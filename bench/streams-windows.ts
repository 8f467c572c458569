// Windowed DSL throughput: records/s and peak RSS through windowed aggregations and a foreign-key
// join, in process, with no broker (TopologyTestDriver, commit after every record).
// Workloads (1M records, 10k distinct keys by default; event time advances 10 ms per record):
//   tumbling   groupByKey → windowedBy(1 min) → count
//   hopping    groupByKey → windowedBy(1 min, advance 10 s) → count (6 windows per record)
//   session    groupByKey → windowedBy(session, 5 min gap) → count
//   ss-join    stream-stream inner join, 10 s window: left and right records alternate; each right
//              record carries the key of the left record 1 s (50 left records) before it
//   ss-outer   the same as an outerJoin: every left record waits in the shared outer-join store
//              until its partner arrives 1 s later (no emission throttling: the worst case)
//   fk-join    orders table (10k keys) joined by foreign key to products (1k keys); 1 in 10 records
//              updates a product, which re-joins its subscribed orders
// Each workload runs in its own process so that its peak RSS is its own. Stores are changelogged;
// the bench drains what the driver captures (output and changelog topics) every 16k records.
// Run: npx tsx bench/streams-windows.ts [records] [keys]
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { StreamsBuilder } from '../src/streams/kstream/streams-builder.js';
import { TimeWindows } from '../src/streams/kstream/time-windows.js';
import { SessionWindows } from '../src/streams/kstream/session-windows.js';
import { JoinWindows } from '../src/streams/kstream/join-windows.js';
import { OUTER_JOIN_EMIT_INTERVAL_CONFIG } from '../src/streams/kstream/internals/processors/stream-stream-outer-join.js';
import { WindowedSerdes } from '../src/streams/serdes/windowed-serdes.js';
import { TopologyTestDriver } from '../src/test-utils/index.js';
import type { Serde } from '../src/streams/serdes/serde.js';

const RECORDS = Number(process.argv[2] ?? 1_000_000);
const KEYS = Number(process.argv[3] ?? 10_000);
const STEP_MS = 10;

const bytes: Serde<Buffer> = { serialize: (_t, d) => d, deserialize: (_t, d) => d };
const str: Serde<string> = {
  serialize: (_t, d) => (d === null || d === undefined ? null : Buffer.from(d)),
  deserialize: (_t, d) => (d === null ? null : d.toString()),
};
const long: Serde<number> = {
  serialize: (_t, d) => {
    if (d === null || d === undefined) return null;
    const b = Buffer.allocUnsafe(8);
    b.writeBigInt64BE(BigInt(d));
    return b;
  },
  deserialize: (_t, d) => (d === null ? null : Number(d.readBigInt64BE(0))),
};

/**
 * Empties every topic the driver captured since the last call (the output and the changelog topics,
 * which the driver otherwise keeps in memory) and returns how many records the output topic had.
 */
function drain(driver: TopologyTestDriver, outputTopic: string): number {
  let outputs = 0;
  for (const topic of driver.producedTopicNames()) {
    const records = driver.createOutputTopic(topic, bytes, bytes).readRecordsToList().length;
    if (topic === outputTopic) outputs += records;
  }
  return outputs;
}

interface Workload {
  name: string;
  description: string;
  /** builds the topology; returns how to feed record i */
  run(records: number): { outputs: number; seconds: number };
}

function windowedCount(windowed: 'tumbling' | 'hopping' | 'session') {
  return (records: number) => {
    const b = new StreamsBuilder();
    const grouped = b.stream<Buffer, Buffer>('in', { keySerde: bytes, valueSerde: bytes }).groupByKey();
    const table =
      windowed === 'session'
        ? grouped.windowedBy(SessionWindows.ofInactivityGapWithNoGrace(5 * 60_000)).count({ materialized: { keySerde: bytes, valueSerde: long } })
        : grouped
            .windowedBy(windowed === 'tumbling' ? TimeWindows.ofSizeWithNoGrace(60_000) : TimeWindows.ofSizeWithNoGrace(60_000).advanceBy(10_000))
            .count({ materialized: { keySerde: bytes, valueSerde: long } });
    const keySerde = windowed === 'session' ? WindowedSerdes.sessionWindowedSerdeFrom(bytes) : WindowedSerdes.timeWindowedSerdeFrom(bytes, 60_000);
    table.toStream().to('out', { keySerde: keySerde as never, valueSerde: long });
    const config = { 'application.id': 'bench-windows', 'statestore.cache.max.bytes': 0, 'default.dsl.store': 'in_memory' };
    const driver = new TopologyTestDriver(b.build(config), config, { initialWallClockTime: 0 });
    const input = driver.createInputTopic('in', bytes, bytes);
    const keys = Array.from({ length: KEYS }, (_, i) => Buffer.from(`user-${i}`));
    const value = Buffer.from('event');
    let outputs = 0;
    const start = process.hrtime.bigint();
    for (let i = 0; i < records; i++) {
      input.pipeInput(keys[(i * 7919) % KEYS]!, value, i * STEP_MS);
      if ((i & 0x3fff) === 0) outputs += drain(driver, 'out');
    }
    outputs += drain(driver, 'out');
    const seconds = Number(process.hrtime.bigint() - start) / 1e9;
    driver.close();
    return { outputs, seconds };
  };
}

function streamStreamJoin(kind: 'inner' | 'outer') {
  return (records: number): { outputs: number; seconds: number } => {
    const b = new StreamsBuilder();
    const B = { keySerde: bytes, valueSerde: bytes };
    const left = b.stream<Buffer, Buffer>('left', B);
    const right = b.stream<Buffer, Buffer>('right', B);
    const options = { windows: JoinWindows.ofTimeDifferenceWithNoGrace(10_000), keySerde: bytes, valueSerde: bytes, otherValueSerde: bytes };
    const joiner = (l: Buffer | null, r: Buffer | null) => (l === null ? r! : l);
    (kind === 'inner' ? left.join(right, joiner, options) : left.outerJoin(right, joiner, options)).to('out', B);
    // no wall-clock throttling of outer results (the driver's clock stands still): the worst case
    const config = { 'application.id': `bench-ss-${kind}`, 'statestore.cache.max.bytes': 0, 'default.dsl.store': 'in_memory', [OUTER_JOIN_EMIT_INTERVAL_CONFIG]: 0 };
    const driver = new TopologyTestDriver(b.build(config), config, { initialWallClockTime: 0 });
    const leftIn = driver.createInputTopic('left', bytes, bytes);
    const rightIn = driver.createInputTopic('right', bytes, bytes);
    const keys = Array.from({ length: KEYS }, (_, i) => Buffer.from(`user-${i}`));
    const value = Buffer.from('event');
    let outputs = 0;
    const start = process.hrtime.bigint();
    for (let i = 0; i < records; i++) {
      const n = i >> 1;
      if ((i & 1) === 0) leftIn.pipeInput(keys[(n * 7919) % KEYS]!, value, i * STEP_MS);
      else rightIn.pipeInput(keys[(Math.max(0, n - 50) * 7919) % KEYS]!, value, i * STEP_MS);
      if ((i & 0x3fff) === 0) outputs += drain(driver, 'out');
    }
    outputs += drain(driver, 'out');
    const seconds = Number(process.hrtime.bigint() - start) / 1e9;
    driver.close();
    return { outputs, seconds };
  };
}

function fkJoin(records: number): { outputs: number; seconds: number } {
  const PRODUCTS = Math.max(1, Math.floor(KEYS / 10));
  const b = new StreamsBuilder();
  const S = { keySerde: str, valueSerde: str };
  const orders = b.table<string, string>('orders', { consumed: S });
  const products = b.table<string, string>('products', { consumed: S });
  orders
    .joinByForeignKey(products, (o: string) => o.slice(o.indexOf(':') + 1), (o: string, p: string) => `${o}|${p}`, { materialized: { keySerde: str, valueSerde: str } })
    .toStream()
    .to('out', S);
  const config = { 'application.id': 'bench-fk', 'statestore.cache.max.bytes': 0, 'default.dsl.store': 'in_memory' };
  const driver = new TopologyTestDriver(b.build(config), config, { initialWallClockTime: 0 });
  const ordersIn = driver.createInputTopic('orders', str, str);
  const productsIn = driver.createInputTopic('products', str, str);
  const orderKeys = Array.from({ length: KEYS }, (_, i) => `order-${i}`);
  const productKeys = Array.from({ length: PRODUCTS }, (_, i) => `product-${i}`);
  for (let p = 0; p < PRODUCTS; p++) productsIn.pipeInput(productKeys[p]!, `name-${p}`, 0);
  let outputs = 0;
  const start = process.hrtime.bigint();
  for (let i = 0; i < records; i++) {
    const ts = i * STEP_MS;
    if (i % 10 === 9) productsIn.pipeInput(productKeys[(i * 31) % PRODUCTS]!, `name-${i}`, ts);
    else ordersIn.pipeInput(orderKeys[(i * 7919) % KEYS]!, `item-${i}:${productKeys[(i * 13) % PRODUCTS]}`, ts);
    if ((i & 0x3fff) === 0) outputs += drain(driver, 'out');
  }
  outputs += drain(driver, 'out');
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  driver.close();
  return { outputs, seconds };
}

const workloads: Workload[] = [
  { name: 'tumbling', description: 'windowed count, tumbling 1 min', run: windowedCount('tumbling') },
  { name: 'hopping', description: 'windowed count, hopping 1 min / 10 s', run: windowedCount('hopping') },
  { name: 'session', description: 'session count, 5 min gap', run: windowedCount('session') },
  { name: 'ss-join', description: 'stream-stream join, 10 s window', run: streamStreamJoin('inner') },
  { name: 'ss-outer', description: 'stream-stream outerJoin, 10 s window', run: streamStreamJoin('outer') },
  { name: 'fk-join', description: 'foreign-key join, 10k orders → 1k products', run: fkJoin },
];

const one = process.env.KSTREAMS_BENCH_ONE;
if (one !== undefined) {
  const w = workloads.find((x) => x.name === one)!;
  const r = w.run(RECORDS);
  console.log(JSON.stringify({ ...r, maxRssMiB: process.resourceUsage().maxRSS / 1024 }));
} else {
  const rows: Record<string, string | number>[] = [];
  for (const w of workloads) {
    const child = spawnSync(process.execPath, [...process.execArgv, fileURLToPath(import.meta.url), String(RECORDS), String(KEYS)], {
      env: { ...process.env, KSTREAMS_BENCH_ONE: w.name },
      encoding: 'utf8',
    });
    const line = child.stdout.trim().split('\n').pop() ?? '';
    if (child.status !== 0 || !line.startsWith('{')) {
      rows.push({ workload: w.description, error: (child.stderr || line).slice(0, 200) });
      continue;
    }
    const r = JSON.parse(line) as { outputs: number; seconds: number; maxRssMiB: number };
    rows.push({
      workload: w.description,
      records: RECORDS,
      seconds: r.seconds.toFixed(2),
      'records/s': Math.round(RECORDS / r.seconds).toLocaleString('en-US'),
      outputs: r.outputs,
      'peak RSS (MiB)': Math.round(r.maxRssMiB),
    });
  }
  console.log(`Windowed DSL throughput, ${RECORDS.toLocaleString('en-US')} records, ${KEYS.toLocaleString('en-US')} keys (TopologyTestDriver, commit per record, in-memory stores, no cache)`);
  console.table(rows);
}
