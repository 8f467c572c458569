import { mkdirSync } from 'node:fs';
import { open, type Database, type RootDatabase } from 'lmdb';
import type { KeyValue, KeyValueIterator } from '../key-value.js';
import type { ChangelogReader } from '../../streams/processor/state-store.js';
import type { BytesRange, BytesTable, BytesTableProvider, BytesTableProviderFactory, StoredValueForm } from './bytes-table.js';
import { AbstractKeyValueIterator, MergedBytesIterator, type OverlayEntry } from './iterators.js';
import { SortedMap } from './sorted-map.js';
import { toStringRange } from './memory-table.js';
import { StateStoreError } from '../errors.js';
import { storedValueLength, writeStoredValue } from './value-and-timestamp-bytes.js';
import { copyBytes } from './bytes.js';

type BytesDb = Database<Buffer, Buffer>;

/** Pending writes per table before they are written in one sorted transaction. */
const WRITE_BUFFER_ENTRIES = 20_000;

/**
 * LMDB rejects empty keys, which Kafka Streams allows (an empty string key serializes to no bytes).
 * Every key is stored behind one constant byte, which keeps the order and makes the empty key legal.
 */
const KEY_TAG = 0x6b;
/** LMDB's default maximum key size (511 bytes in C LMDB; lmdb-js builds with 1978), less the tag */
const MAX_KEY_BYTES = 1977;
const scratch = Buffer.allocUnsafe(2048);
/** restoration's stored key and value, written in place for LMDB to copy (`writeFrom`) */
const restoreKey = Buffer.allocUnsafe(MAX_KEY_BYTES + 1);
let restoreValue = Buffer.allocUnsafe(4096);

function tooLong(length: number): StateStoreError {
  return new StateStoreError('INVALID_ARGUMENT', `LMDB keys are limited to ${MAX_KEY_BYTES} bytes; got a key of ${length} bytes`);
}

function storedKey(key: Buffer): Buffer {
  const out = Buffer.allocUnsafe(key.length + 1);
  out[0] = KEY_TAG;
  key.copy(out, 1);
  return out;
}

/** the stored form of a key for a lookup or a write, in a reused buffer (LMDB copies it during the call) */
function lookupKey(key: Buffer): Buffer {
  if (key.length + 1 > scratch.length) return storedKey(key);
  scratch[0] = KEY_TAG;
  key.copy(scratch, 1);
  return scratch.subarray(0, key.length + 1);
}

/**
 * A persistent table in LMDB. Writes go to a sorted in-memory write buffer (a memtable: reads see
 * it first, scans merge it) and reach LMDB in one transaction, in key order, on `flush()` or when
 * the buffer is full; LMDB is fast at sorted batches and slow at random single writes. LMDB is
 * opened with `noSync`: like Kafka Streams with RocksDB's WAL off, durability is the changelog.
 */
export class LmdbTable implements BytesTable {
  private readonly buffer = new SortedMap<OverlayEntry>();

  constructor(
    private readonly provider: LmdbTableProvider,
    readonly db: BytesDb,
  ) {}

  get(key: Buffer): Buffer | undefined {
    if (this.buffer.size > 0) {
      const pending = this.buffer.get(key.toString('latin1'));
      if (pending !== undefined) return pending.value ?? undefined;
    }
    return this.db.getBinary(lookupKey(key));
  }

  put(key: Buffer, value: Buffer): void {
    this.write(key, value);
  }

  delete(key: Buffer): void {
    this.write(key, null);
  }

  private write(key: Buffer, value: Buffer | null): void {
    if (key.length > MAX_KEY_BYTES) {
      throw tooLong(key.length);
    }
    this.buffer.set(key.toString('latin1'), { key, value });
    if (this.buffer.size >= WRITE_BUFFER_ENTRIES) this.provider.flush();
  }

  writeBatch<T>(items: readonly T[], from: number, to: number, keyOf: (item: T) => Buffer | null, valueOf: (item: T) => Buffer | null): void {
    for (let i = from; i < to; i++) {
      const key = keyOf(items[i]!);
      if (key !== null && key.length > MAX_KEY_BYTES) {
        throw tooLong(key.length);
      }
    }
    // buffered writes are older than the batch: they go first
    this.provider.flush();
    const db = this.db;
    db.transactionSync(() => {
      for (let i = from; i < to; i++) {
        const item = items[i]!;
        const key = keyOf(item);
        if (key === null) continue;
        const value = valueOf(item);
        if (value === null) db.removeSync(lookupKey(key));
        else db.putSync(lookupKey(key), value);
      }
    });
  }

  /**
   * Restoration in place: key and value are written into reused buffers that LMDB copies, so a record
   * costs no Buffer of its own; one write transaction (a key too long aborts it, writing nothing).
   */
  writeFrom(reader: ChangelogReader, form: StoredValueForm): void {
    this.provider.flush();
    const db = this.db;
    db.transactionSync(() => {
      restoreKey[0] = KEY_TAG;
      for (let r = reader.next(); r !== null; r = reader.next()) {
        const keyLength = r.keyLength;
        if (keyLength < 0) continue;
        if (keyLength > MAX_KEY_BYTES) throw tooLong(keyLength);
        copyBytes(r.data, r.keyStart, r.keyStart + keyLength, restoreKey, 1);
        const key = restoreKey.subarray(0, keyLength + 1);
        const length = storedValueLength(r, form);
        if (length < 0) {
          db.removeSync(key);
          continue;
        }
        if (length > restoreValue.length) restoreValue = Buffer.allocUnsafe(Math.max(length, restoreValue.length * 2));
        writeStoredValue(r, form, restoreValue, 0);
        db.putSync(key, restoreValue.subarray(0, length));
      }
    });
  }

  scan(range: BytesRange): KeyValueIterator<Buffer, Buffer> {
    const base = new LmdbRangeIterator(this.db, range);
    if (this.buffer.size === 0) return base;
    return new MergedBytesIterator(this.buffer.values(toStringRange(range)), base, range.reverse ?? false);
  }

  approximateCount(): number {
    const stats = this.db.getStats() as { entryCount?: number };
    return (stats.entryCount ?? 0) + this.buffer.size;
  }

  hasPendingWrites(): boolean {
    return this.buffer.size > 0;
  }

  /** writes the buffer; must run inside a write transaction */
  writePending(): void {
    for (const e of this.buffer.orderedValues()) {
      if (e.value === null) this.db.removeSync(lookupKey(e.key));
      else this.db.putSync(lookupKey(e.key), e.value);
    }
    this.buffer.clear();
  }

  discardPending(): void {
    this.buffer.clear();
  }

  flush(): void {
    this.provider.flush();
  }
}

/** Iterates an LMDB key range over a read snapshot, honouring inclusive/exclusive bounds. */
class LmdbRangeIterator extends AbstractKeyValueIterator<Buffer, Buffer> {
  private readonly source: Iterator<{ key: Buffer; value: Buffer }>;
  private readonly stopBelow: Buffer | undefined;
  private readonly skipEqual: Buffer | undefined;

  constructor(db: BytesDb, range: BytesRange) {
    super();
    const from = range.from ?? undefined;
    const to = range.to ?? undefined;
    const empty = from !== undefined && to !== undefined && (Buffer.compare(from, to) > 0 || (range.toExclusive === true && from.equals(to)));
    let options: { start?: Buffer; end?: Buffer; reverse?: boolean };
    if (empty) {
      this.source = [][Symbol.iterator]();
      return;
    }
    if (!range.reverse) {
      // forward: start inclusive, end exclusive; the smallest key after `to` is `to` + 0x00
      options = { start: from ? storedKey(from) : TAG_ONLY };
      options.end = to ? (range.toExclusive ? storedKey(to) : Buffer.concat([TAG_ONLY, to, ZERO])) : AFTER_TAG;
    } else {
      // reverse: start (upper) inclusive; stop by hand at the lower bound, which is inclusive
      options = { reverse: true, start: to ? storedKey(to) : AFTER_TAG, end: BEFORE_TAG };
      if (range.toExclusive && to) this.skipEqual = to;
      this.stopBelow = from;
    }
    this.source = db.getRange(options)[Symbol.iterator]() as Iterator<{ key: Buffer; value: Buffer }>;
  }

  protected advance(): KeyValue<Buffer, Buffer> | undefined {
    for (;;) {
      const r = this.source.next();
      if (r.done) return undefined;
      const kv = { key: r.value.key.subarray(1), value: r.value.value };
      if (this.skipEqual && kv.key.equals(this.skipEqual)) continue;
      if (this.stopBelow && Buffer.compare(kv.key, this.stopBelow) < 0) return undefined;
      return kv;
    }
  }

  protected override release(): void {
    this.source.return?.();
  }
}

const ZERO = Buffer.from([0]);
const TAG_ONLY = Buffer.from([KEY_TAG]);
const AFTER_TAG = Buffer.from([KEY_TAG + 1]);
const BEFORE_TAG = Buffer.from([KEY_TAG - 1]);

/** One LMDB environment in `<stateDir>/<storeName>/`: the main table or named tables (segments). */
export class LmdbTableProvider implements BytesTableProvider {
  readonly persistent = true;
  private readonly env: RootDatabase<Buffer, Buffer>;
  private readonly tables = new Map<string | undefined, LmdbTable>();

  constructor(directory: string) {
    try {
      mkdirSync(directory, { recursive: true });
      this.env = open<Buffer, Buffer>({
        path: directory,
        keyEncoding: 'binary',
        encoding: 'binary',
        compression: false,
        cache: false,
        noSync: true,
        maxDbs: 10_000,
      });
    } catch (e) {
      throw new StateStoreError('BACKEND_FAILURE', `cannot open LMDB in ${directory}: ${String(e)}`, false, { cause: e });
    }
  }

  table(name?: string): LmdbTable {
    let t = this.tables.get(name);
    if (!t) {
      const db =
        name === undefined
          ? this.env
          : this.env.openDB<Buffer, Buffer>({ name, keyEncoding: 'binary', encoding: 'binary', compression: false, cache: false });
      t = new LmdbTable(this, db);
      this.tables.set(name, t);
    }
    return t;
  }

  /** named tables: LMDB keeps their names as keys of the main database */
  tableNames(): string[] {
    const names: string[] = [];
    for (const key of this.env.getKeys({})) names.push((key as Buffer).toString('utf8').replace(/\0$/, ''));
    return names;
  }

  dropTable(name: string): void {
    const t = this.table(name);
    t.discardPending();
    this.flush();
    t.db.dropSync();
    this.tables.delete(name);
  }

  flush(): void {
    let pending = false;
    for (const t of this.tables.values()) if (t.hasPendingWrites()) pending = true;
    if (!pending) return;
    this.env.transactionSync(() => {
      for (const t of this.tables.values()) t.writePending();
    });
  }

  close(): void {
    this.flush();
    this.tables.clear();
    // the environment closes synchronously; the promise only reports completion
    void this.env.close();
  }
}

export const lmdbTables: BytesTableProviderFactory = {
  persistent: true,
  open: (directory: string) => new LmdbTableProvider(directory),
};
