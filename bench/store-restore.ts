// Restoring a changelog into a store, without a broker: one `restore` call per record against the
// store's batch path (`restoreBatch` over runs of 10,000 records, as the runtime's restorer hands them).
// CPU-µs per record for key-value, window and session stores, in memory and on LMDB.
// Run: npx tsx bench/store-restore.ts [records=200000]
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Stores } from '../src/state/stores.js';
import { Serdes } from '../src/index.js';
import { TaskId } from '../src/streams/processor/task-id.js';
import type { ChangelogRecord, StateStore, StateStoreContext, StoreRegistration } from '../src/streams/processor/state-store.js';
import { sessionStoreKey, windowStoreKey } from '../src/state/internals/window-key-schema.js';

const N = Number(process.argv[2] ?? 200_000);
const RUN = 10_000;
const dir = mkdtempSync(join(tmpdir(), 'bench-store-restore-'));
const S = Serdes.String();
const now = Math.floor(Date.now() / 60_000) * 60_000;
const value = Buffer.alloc(8, 1);
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

function changelog(kind: Kind): ChangelogRecord[] {
  const out: ChangelogRecord[] = [];
  for (let i = 0; i < N; i++) {
    const k = Buffer.from(`key-${i % 50_000}`);
    // windows of the last hour, one per minute
    const t = now - (i % 60) * 60_000;
    const key = kind === 'key-value' ? k : kind === 'window' ? windowStoreKey(k, t, 0) : sessionStoreKey(k, t - 1000, t);
    out.push({ key, value, timestamp: t });
  }
  return out;
}

const rows: Array<Record<string, string>> = [];
for (const kind of ['key-value', 'window', 'session'] as const) {
  const records = changelog(kind);
  for (const persistent of [false, true]) {
    const cells: Record<string, string> = { store: `${kind} (${persistent ? 'lmdb' : 'in-memory'})` };
    for (const mode of ['per record', 'batch', 'per record ', 'batch ']) {
      const store = build(kind, persistent);
      const reg = registration(store);
      const c0 = process.cpuUsage();
      if (mode.startsWith('batch')) for (let i = 0; i < N; i += RUN) reg.restoreBatch!(records, i, Math.min(i + RUN, N));
      else for (const r of records) reg.restore(r.key!, r.value, r.timestamp);
      store.flush();
      const c = process.cpuUsage(c0);
      store.close();
      const us = (c.user + c.system) / N;
      const key = `${mode.trim()} CPU-µs/record`;
      cells[key] = cells[key] === undefined ? us.toFixed(2) : `${cells[key]} / ${us.toFixed(2)}`;
    }
    rows.push(cells);
  }
}
console.table(rows);
rmSync(dir, { recursive: true, force: true });
