// DSL throughput: records/s through a topology, in process, with no broker.
// Workloads (1M records, 10k distinct keys by default):
//   stateless   stream → filter → mapValues → to
//   count-mem   groupByKey → count on an in-memory store (cache off)
//   count-lmdb  groupByKey → count on the persistent (LMDB) store with the record cache (10 MiB)
// Run: npx tsx bench/streams-dsl.ts [records] [keys]
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { StreamsBuilder } from '../src/streams/kstream/streams-builder.js';
import { Materialized } from '../src/streams/kstream/materialized.js';
import type { Serde } from '../src/streams/serdes/serde.js';
import { benchDriver } from './streams-dsl-driver.js';

const RECORDS = Number(process.argv[2] ?? 1_000_000);
const KEYS = Number(process.argv[3] ?? 10_000);

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
const S = { keySerde: str, valueSerde: str };

const keys = Array.from({ length: KEYS }, (_, i) => Buffer.from(`key-${i}`));
const values = Array.from({ length: 97 }, (_, i) => Buffer.from(`value-${i}-${'x'.repeat(i % 40)}`));

interface Workload {
  name: string;
  define(b: StreamsBuilder): void;
  cacheMaxBytes: number;
  storeType: 'in_memory' | 'rocksdb';
}

const workloads: Workload[] = [
  {
    name: 'stateless: filter → mapValues → to',
    define: (b) =>
      b
        .stream<string, string>('in', S)
        .filter((_k, v) => v.length > 8)
        .mapValues((v) => v.toUpperCase())
        .to('out', S),
    cacheMaxBytes: 0,
    storeType: 'in_memory',
  },
  {
    name: 'count, in-memory store, cache off',
    define: (b) =>
      b
        .stream<string, string>('in', S)
        .groupByKey()
        .count({ materialized: { ...Materialized.as<string, number>('counts'), keySerde: str, valueSerde: long, storeType: 'in_memory' } })
        .toStream()
        .to('out', { keySerde: str, valueSerde: long }),
    cacheMaxBytes: 0,
    storeType: 'in_memory',
  },
  {
    name: 'count, persistent (LMDB) store, 10 MiB cache',
    define: (b) =>
      b
        .stream<string, string>('in', S)
        .groupByKey()
        .count({ materialized: { ...Materialized.as<string, number>('counts'), keySerde: str, valueSerde: long, storeType: 'rocksdb' } })
        .toStream()
        .to('out', { keySerde: str, valueSerde: long }),
    cacheMaxBytes: 10 * 1024 * 1024,
    storeType: 'rocksdb',
  },
];

const rows: { workload: string; records: number; seconds: string; 'records/s': string; outputs: number }[] = [];
for (const w of workloads) {
  const stateDir = mkdtempSync(join(tmpdir(), 'kstreams-bench-'));
  try {
    const b = new StreamsBuilder();
    w.define(b);
    const driver = benchDriver(b, { cacheMaxBytes: w.cacheMaxBytes, stateDir });
    // warm up, then measure
    for (let i = 0; i < 20_000; i++) driver.pipe(keys[i % KEYS]!, values[i % values.length]!, i);
    const warmupOutputs = driver.drainOutputs();
    const start = process.hrtime.bigint();
    for (let i = 0; i < RECORDS; i++) {
      driver.pipe(keys[(i * 7919) % KEYS]!, values[i % values.length]!, 20_000 + i);
      if ((i & 0xffff) === 0) driver.drainOutputs();
    }
    const outputs = driver.drainOutputs() - warmupOutputs;
    const seconds = Number(process.hrtime.bigint() - start) / 1e9;
    rows.push({ workload: w.name, records: RECORDS, seconds: seconds.toFixed(2), 'records/s': Math.round(RECORDS / seconds).toLocaleString('en-US'), outputs });
    driver.close();
  } finally {
    rmSync(stateDir, { recursive: true, force: true });
  }
}
console.log(`DSL throughput, ${RECORDS.toLocaleString('en-US')} records, ${KEYS.toLocaleString('en-US')} keys (${benchDriver.description})`);
console.table(rows);
