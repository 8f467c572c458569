// Restoring a changelog into a store, without a broker: one `restore` call per record, the store's batch
// path (`restoreBatch` over runs of 10,000 records) and its in-place path (`restoreFrom`: a reader of record
// views over the fetched bytes, runs of 10,000 records, as the runtime's restorer hands them).
// CPU-µs per record for key-value, window and session stores, in memory and on LMDB, and the memory the
// restored store retains per record (heap + array buffers after a full GC; run with --expose-gc, as below).
// Keys and values are views into 1 MB buffers, as a consumer hands them out (views into fetch responses):
// a store that keeps such a view keeps the whole fetch buffer alive.
// Run: node --expose-gc --import tsx bench/store-restore.ts [records=200000] [distinct keys=50000] [stores=key-value,window,session] [backends=in-memory,lmdb]
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Stores } from '../src/state/stores.js';
import { Serdes } from '../src/index.js';
import { TaskId } from '../src/streams/processor/task-id.js';
import type { ChangelogRecord, ChangelogRecordView, StateStore, StateStoreContext, StoreRegistration } from '../src/streams/processor/state-store.js';
import { sessionStoreKey, windowStoreKey } from '../src/state/internals/window-key-schema.js';

const N = Number(process.argv[2] ?? 200_000);
const KEYS = Number(process.argv[3] ?? 50_000);
const KINDS = (process.argv[4] ?? 'key-value,window,session').split(',');
const BACKENDS = (process.argv[5] ?? 'in-memory,lmdb').split(',');
const RUN = 10_000;
const FETCH_BYTES = 1 << 20;
const dir = mkdtempSync(join(tmpdir(), 'bench-store-restore-'));
const S = Serdes.String();
const now = Math.floor(Date.now() / 60_000) * 60_000;
const gc = (globalThis as { gc?: () => void }).gc;
let n = 0;

type Kind = 'key-value' | 'window' | 'session';
function build(kind: Kind, persistent: boolean): StateStore {
  const name = `s${n++}`;
  if (kind === 'key-value') return Stores.timestampedKeyValueStoreBuilder(persistent ? Stores.persistentTimestampedKeyValueStore(name) : Stores.inMemoryTimestampedKeyValueStore(name), S, S).build();
  if (kind === 'window') {
    const o = { retentionPeriod: 86_400_000, windowSize: 60_000 };
    return Stores.timestampedWindowStoreBuilder(persistent ? Stores.persistentTimestampedWindowStore(name, o) : Stores.inMemoryWindowStore(name, o), S, S).build();
  }
  return Stores.sessionStoreBuilder(persistent ? Stores.persistentSessionStore(name, 86_400_000) : Stores.inMemorySessionStore(name, 86_400_000), S, S).build();
}

function registration(store: StateStore): StoreRegistration {
  const registrations: StoreRegistration[] = [];
  const ctx = {
    applicationId: 'bench', taskId: new TaskId(0, 0), stateDir: dir, appConfigs: {}, changelogPartition: 0,
    changelogFor: (s: string) => `bench-${s}-changelog`,
    recordCollector: { send: () => {} },
    currentRecordTimestamp: () => now, currentStreamTimeMs: () => now,
    register: (r: StoreRegistration) => registrations.push(r),
  } as unknown as StateStoreContext;
  store.init(ctx, store);
  return registrations[0]!;
}

/** the changelog: keys and 92-byte values written into 1 MB "fetch" buffers, records holding views into them */
function changelog(kind: Kind): Array<ChangelogRecord & ChangelogRecordView> {
  const out: Array<ChangelogRecord & ChangelogRecordView> = [];
  let fetch = Buffer.allocUnsafe(FETCH_BYTES);
  let pos = 0;
  /** copies key and value into the current fetch buffer (a new one when full); returns where they start */
  const place = (key: Buffer, value: Buffer): number => {
    if (pos + key.length + value.length > FETCH_BYTES) {
      fetch = Buffer.allocUnsafe(FETCH_BYTES);
      pos = 0;
    }
    const start = pos;
    pos += key.copy(fetch, pos);
    pos += value.copy(fetch, pos);
    return start;
  };
  const value = Buffer.alloc(92, 1);
  for (let i = 0; i < N; i++) {
    const plainKey = Buffer.from(`key-${i % KEYS}`);
    // windows of the last hour, one per minute
    const t = now - (i % 60) * 60_000;
    const key = kind === 'key-value' ? plainKey : kind === 'window' ? windowStoreKey(plainKey, t, 0) : sessionStoreKey(plainKey, t - 1000, t);
    const at = place(key, value);
    const valueStart = at + key.length;
    // the record as views into the fetch buffer, and in place: byte ranges of it
    const record = { data: fetch, keyStart: at, keyLength: key.length, valueStart, valueLength: value.length, timestamp: t };
    out.push({ ...record, key: fetch.subarray(at, valueStart), value: fetch.subarray(valueStart, valueStart + value.length) });
  }
  return out;
}

function retainedBytes(): number {
  gc?.();
  gc?.();
  const m = process.memoryUsage();
  return m.heapUsed + m.arrayBuffers;
}

/** restores a fresh store from a fresh changelog; the records are garbage once this returns */
type Mode = 'per record' | 'batch' | 'in place';
function restoreOnce(kind: Kind, persistent: boolean, mode: Mode): { store: StateStore; cpuUs: number } {
  const records = changelog(kind);
  const store = build(kind, persistent);
  const reg = registration(store);
  const c0 = process.cpuUsage();
  if (mode === 'batch') for (let i = 0; i < N; i += RUN) reg.restoreBatch!(records, i, Math.min(i + RUN, N));
  else if (mode === 'in place') {
    for (let i = 0; i < N; i += RUN) {
      let j = i;
      const end = Math.min(i + RUN, N);
      reg.restoreFrom!({ next: () => (j < end ? records[j++]! : null) });
    }
  } else for (const r of records) reg.restore(r.key!, r.value, r.timestamp);
  store.flush();
  const c = process.cpuUsage(c0);
  return { store, cpuUs: c.user + c.system };
}

const rows: Array<Record<string, string>> = [];
for (const kind of KINDS as Kind[]) {
  for (const persistent of BACKENDS.map((b) => b === 'lmdb')) {
    const cells: Record<string, string> = { store: `${kind} (${persistent ? 'lmdb' : 'in-memory'})` };
    for (const mode of ['per record', 'batch', 'in place', 'per record', 'batch', 'in place'] as const) {
      const m0 = retainedBytes();
      const { store, cpuUs } = restoreOnce(kind, persistent, mode);
      // what the store keeps once the consumer's records are gone
      const kept = retainedBytes() - m0;
      store.close();
      const key = `${mode} CPU-µs/record`;
      const us = (cpuUs / N).toFixed(2);
      cells[key] = cells[key] === undefined ? us : `${cells[key]} / ${us}`;
      if (gc !== undefined) cells[`${mode} bytes kept/key`] = (kept / Math.min(KEYS, N)).toFixed(0);
    }
    rows.push(cells);
  }
}
console.table(rows);
rmSync(dir, { recursive: true, force: true });
