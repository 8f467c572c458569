// Key-value store throughput through the full typed store (metered ← caching ← changelogging ← raw),
// in memory and on LMDB, with and without the record cache; plus a window store.
// Usage: npx tsx bench/state-stores.ts [operations]
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Stores } from '../src/state/stores.js';
import { RecordCache } from '../src/state/record-cache.js';
import { TaskId } from '../src/streams/processor/task-id.js';
import type { StateStoreContext } from '../src/streams/processor/state-store.js';
import type { Serde } from '../src/streams/serdes/serde.js';

const OPS = Number(process.argv[2] ?? 200_000);
const KEYS = 10_000;
const stringSerde: Serde<string> = {
  serialize: (_t, d) => (d === null ? null : Buffer.from(d)),
  deserialize: (_t, d) => (d === null ? null : d.toString()),
};
const keys = Array.from({ length: KEYS }, (_, i) => `key-${(i * 7919) % KEYS}`.padEnd(16, '.'));
const value = 'v'.repeat(100);
let sent = 0;

function context(stateDir: string, cache: RecordCache): StateStoreContext {
  let ts = 0;
  return {
    applicationId: 'bench',
    taskId: new TaskId(0, 0),
    stateDir,
    appConfigs: {},
    changelogFor: (s) => `bench-${s}-changelog`,
    changelogPartition: 0,
    recordCollector: { send: () => void sent++ },
    currentRecordTimestamp: () => ts++,
    currentStreamTimeMs: () => ts,
    register: () => {},
    recordCache: cache,
  };
}

const rate = (n: number, ms: number): string => `${Math.round(n / ms)}k`;
const rows: string[] = [];
const dir = mkdtempSync(join(tmpdir(), 'kstreams-bench-stores-'));
try {
  for (const persistent of [false, true]) {
    for (const caching of [false, true]) {
      const name = `kv-${persistent ? 'lmdb' : 'mem'}-${caching ? 'cache' : 'nocache'}`;
      const builder = Stores.keyValueStoreBuilder(persistent ? Stores.persistentKeyValueStore(name) : Stores.inMemoryKeyValueStore(name), stringSerde, stringSerde);
      if (caching) builder.withCachingEnabled();
      const store = builder.build();
      store.init(context(dir, new RecordCache(10 * 1024 * 1024)), store);
      let t0 = performance.now();
      for (let i = 0; i < OPS; i++) {
        store.put(keys[i % KEYS]!, value);
        if (i % 10_000 === 9_999) store.flush(); // a commit every 10k records
      }
      store.flush();
      const put = performance.now() - t0;
      t0 = performance.now();
      let hits = 0;
      for (let i = 0; i < OPS; i++) if (store.get(keys[(i * 31) % KEYS]!) !== null) hits++;
      const get = performance.now() - t0;
      if (hits !== OPS) throw new Error(`lost entries: ${hits}`);
      // read-modify-write, as a count does
      t0 = performance.now();
      for (let i = 0; i < OPS; i++) {
        const k = keys[(i * 13) % KEYS]!;
        const old = store.get(k);
        store.put(k, old === null ? '1' : String(Number(old.length) + 1));
        if (i % 10_000 === 9_999) store.flush();
      }
      store.flush();
      const rmw = performance.now() - t0;
      const ranges = OPS / 100;
      t0 = performance.now();
      let scanned = 0;
      for (let i = 0; i < ranges; i++) {
        const it = store.range('key-1', 'key-1999');
        for (let j = 0; j < 100; j++) {
          if (it.next().done) break;
          scanned++;
        }
        it.close();
      }
      const range = performance.now() - t0;
      if (process.env.DEBUG) console.error(name, put, get, rmw, range);
      rows.push(`| key-value, ${persistent ? 'lmdb' : 'in-memory'} | ${caching ? 'on' : 'off'} | ${rate(OPS, put)} | ${rate(OPS, get)} | ${rate(OPS, rmw)} | ${rate(scanned, range)} |`);
      store.close();
    }
  }
  for (const persistent of [false, true]) {
    for (const caching of [false, true]) {
      const name = `win-${persistent ? 'lmdb' : 'mem'}-${caching}`;
      const o = { retentionPeriod: 3_600_000, windowSize: 60_000 };
      const builder = Stores.windowStoreBuilder(persistent ? Stores.persistentWindowStore(name, o) : Stores.inMemoryWindowStore(name, o), stringSerde, stringSerde);
      if (caching) builder.withCachingEnabled();
      const store = builder.build();
      store.init(context(dir, new RecordCache(10 * 1024 * 1024)), store);
      let t0 = performance.now();
      for (let i = 0; i < OPS; i++) {
        store.put(keys[i % KEYS]!, value, Math.floor(i / 100) * 1000);
        if (i % 10_000 === 9_999) store.flush();
      }
      store.flush();
      const put = performance.now() - t0;
      t0 = performance.now();
      let n = 0;
      for (let i = 0; i < OPS / 10; i++) {
        for (const _ of store.fetchWindows(keys[i % KEYS]!, 0, OPS * 10)) n++;
      }
      const fetch = performance.now() - t0;
      if (process.env.DEBUG) console.error(name, put, fetch);
      rows.push(`| window, ${persistent ? 'lmdb' : 'in-memory'} | ${caching ? 'on' : 'off'} | ${rate(OPS, put)} | ${rate(OPS / 10, fetch)} fetchWindows | - | ${rate(n, fetch)} |`);
      store.close();
    }
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
console.log(`state stores: ${OPS} operations over ${KEYS} keys, 100-byte values, flush every 10k; ops/s (entries/s for scans)`);
console.log('| store | cache | put | get | get+put | range scan entries |');
console.log('|---|---|---:|---:|---:|---:|');
for (const r of rows) console.log(r);
