// Persistent state-store backend candidates, measured as the processing loop uses them: batched puts
// (random and sorted key order), synchronous point reads, one ordered full scan.
// Usage: npx tsx bench/state-backends.ts [entries]
// lmdb comes from the project; the rejected candidates are measured from a scratch install:
//   mkdir /tmp/cands && cd /tmp/cands && npm i classic-level @nxtedition/rocksdb better-sqlite3
//   KSTREAMS_BACKEND_CANDIDATES=/tmp/cands npx tsx bench/state-backends.ts
import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { open } from 'lmdb';

const N = Number(process.argv[2] ?? 100_000);
const BATCH = 1000;
const keys = Array.from({ length: N }, () => randomBytes(16));
const sorted = [...keys].sort(Buffer.compare);
const value = randomBytes(100);
const lookups = Array.from({ length: N }, () => keys[Math.floor(Math.random() * N)]!);

type Row = { backend: string; putRandom: number; putSorted: number; get: string; scan: string };
const rows: Row[] = [];
const kops = (ops: number, ms: number): number => Math.round(ops / ms);

function time(fn: () => void): number {
  const t0 = performance.now();
  fn();
  return performance.now() - t0;
}
async function timeAsync(fn: () => Promise<void>): Promise<number> {
  const t0 = performance.now();
  await fn();
  return performance.now() - t0;
}

function scratch(): string {
  return mkdtempSync(join(tmpdir(), 'kstreams-bench-'));
}

// lmdb
{
  const run = (order: Buffer[]): number => {
    const dir = scratch();
    const db = open<Buffer, Buffer>({ path: dir, keyEncoding: 'binary', encoding: 'binary', noSync: true, compression: false, cache: false });
    const ms = time(() => {
      for (let i = 0; i < N; i += BATCH) db.transactionSync(() => order.slice(i, i + BATCH).forEach((k) => db.putSync(k, value)));
    });
    void db.close();
    rmSync(dir, { recursive: true, force: true });
    return ms;
  };
  const putRandom = run(keys);
  const dir = scratch();
  const db = open<Buffer, Buffer>({ path: dir, keyEncoding: 'binary', encoding: 'binary', noSync: true, compression: false, cache: false });
  const putSorted = time(() => {
    for (let i = 0; i < N; i += BATCH) db.transactionSync(() => sorted.slice(i, i + BATCH).forEach((k) => db.putSync(k, value)));
  });
  let found = 0;
  const get = time(() => {
    for (const k of lookups) if (db.getBinary(k)) found++;
  });
  let seen = 0;
  const scan = time(() => {
    for (const _ of db.getRange({})) seen++;
  });
  if (found !== N || seen !== N) throw new Error(`lmdb: found ${found}, scanned ${seen}`);
  rows.push({ backend: 'lmdb (sync)', putRandom: kops(N, putRandom), putSorted: kops(N, putSorted), get: `${kops(N, get)}`, scan: `${kops(N, scan)}` });
  void db.close();
  rmSync(dir, { recursive: true, force: true });
}

const candidates = process.env.KSTREAMS_BACKEND_CANDIDATES;
if (candidates) {
  const req = createRequire(join(candidates, 'package.json'));

  // classic-level (LevelDB)
  try {
    const { ClassicLevel } = req('classic-level') as {
      ClassicLevel: new (dir: string, o: object) => {
        open(): Promise<void>;
        batch(ops: object[]): Promise<void>;
        getSync(k: Buffer): Buffer | undefined;
        iterator(): AsyncIterable<[Buffer, Buffer]>;
        close(): Promise<void>;
      };
    };
    const measurePut = async (order: Buffer[]): Promise<[number, InstanceType<typeof ClassicLevel>, string]> => {
      const dir = scratch();
      const db = new ClassicLevel(dir, { keyEncoding: 'buffer', valueEncoding: 'buffer' });
      await db.open();
      const ms = await timeAsync(async () => {
        for (let i = 0; i < N; i += BATCH) await db.batch(order.slice(i, i + BATCH).map((key) => ({ type: 'put', key, value })));
      });
      return [ms, db, dir];
    };
    const [putRandom, db1, dir1] = await measurePut(keys);
    await db1.close();
    rmSync(dir1, { recursive: true, force: true });
    const [putSorted, db, dir] = await measurePut(sorted);
    const get = time(() => {
      for (const k of lookups) db.getSync(k);
    });
    const scan = await timeAsync(async () => {
      for await (const _ of db.iterator()) void _;
    });
    rows.push({ backend: 'classic-level', putRandom: kops(N, putRandom), putSorted: kops(N, putSorted), get: `${kops(N, get)} (getSync)`, scan: `${kops(N, scan)} (async only)` });
    await db.close();
    rmSync(dir, { recursive: true, force: true });
  } catch (e) {
    rows.push({ backend: `classic-level: ${String(e).slice(0, 60)}`, putRandom: 0, putSorted: 0, get: '-', scan: '-' });
  }

  // @nxtedition/rocksdb
  try {
    const { RocksLevel } = req('@nxtedition/rocksdb') as {
      RocksLevel: new (dir: string, o: object) => {
        open(): Promise<void>;
        batch(ops: object[]): Promise<void>;
        _getManySync(keys: Buffer[], o?: object): unknown[];
        iterator(o?: object): AsyncIterable<[Buffer, Buffer]>;
        close(): Promise<void>;
      };
    };
    const dir = scratch();
    const db = new RocksLevel(dir, { keyEncoding: 'buffer', valueEncoding: 'buffer' });
    await db.open();
    const putRandom = await timeAsync(async () => {
      for (let i = 0; i < N; i += BATCH) await db.batch(keys.slice(i, i + BATCH).map((key) => ({ type: 'put', key, value })));
    });
    const get = time(() => {
      for (const k of lookups) db._getManySync([k]);
    });
    const scan = await timeAsync(async () => {
      for await (const _ of db.iterator()) void _;
    });
    rows.push({ backend: '@nxtedition/rocksdb', putRandom: kops(N, putRandom), putSorted: 0, get: `${kops(N, get)} (private API)`, scan: `${kops(N, scan)} (async)` });
    await db.close();
    rmSync(dir, { recursive: true, force: true });
  } catch (e) {
    rows.push({ backend: `rocksdb: ${String(e).slice(0, 60)}`, putRandom: 0, putSorted: 0, get: '-', scan: '-' });
  }

  // better-sqlite3
  try {
    const Database = req('better-sqlite3') as new (file: string) => {
      pragma(s: string): void;
      exec(s: string): void;
      prepare(s: string): { run(...a: unknown[]): void; get(...a: unknown[]): unknown; iterate(...a: unknown[]): Iterable<unknown> };
      transaction(fn: (batch: Buffer[]) => void): (batch: Buffer[]) => void;
      close(): void;
    };
    const dir = scratch();
    const db = new Database(join(dir, 'db.sqlite'));
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = OFF');
    db.exec('CREATE TABLE kv (k BLOB PRIMARY KEY, v BLOB) WITHOUT ROWID');
    const put = db.prepare('INSERT OR REPLACE INTO kv (k, v) VALUES (?, ?)');
    const tx = db.transaction((batch: Buffer[]) => batch.forEach((k) => put.run(k, value)));
    const putRandom = time(() => {
      for (let i = 0; i < N; i += BATCH) tx(keys.slice(i, i + BATCH));
    });
    const getStmt = db.prepare('SELECT v FROM kv WHERE k = ?');
    const get = time(() => {
      for (const k of lookups) getStmt.get(k);
    });
    const scanStmt = db.prepare('SELECT k, v FROM kv ORDER BY k');
    const scan = time(() => {
      for (const _ of scanStmt.iterate()) void _;
    });
    rows.push({ backend: 'better-sqlite3', putRandom: kops(N, putRandom), putSorted: 0, get: `${kops(N, get)}`, scan: `${kops(N, scan)}` });
    db.close();
    rmSync(dir, { recursive: true, force: true });
  } catch (e) {
    rows.push({ backend: `better-sqlite3: ${String(e).slice(0, 60)}`, putRandom: 0, putSorted: 0, get: '-', scan: '-' });
  }
}

console.log(`state backends: ${N} random 16-byte keys, 100-byte values, puts in batches of ${BATCH}; thousands of ops/s`);
console.log('| backend | put (random order) | put (sorted) | sync get | ordered scan |');
console.log('|---|---:|---:|---:|---:|');
for (const r of rows) console.log(`| ${r.backend} | ${r.putRandom || '-'} | ${r.putSorted || '-'} | ${r.get} | ${r.scan} |`);
