import type { KeyValue, KeyValueIterator } from '../key-value.js';
import type { ChangelogReader } from '../../streams/processor/state-store.js';
import type { BytesRange, BytesTable, BytesTableProvider, BytesTableProviderFactory, StoredValueForm } from './bytes-table.js';
import { GeneratorKeyValueIterator } from './iterators.js';
import { SortedMap } from './sorted-map.js';
import { storedValueLength, writeStoredValue } from './value-and-timestamp-bytes.js';

type Entry = KeyValue<Buffer, Buffer>;

/** a scan entry made when the order is rebuilt: the key bytes again from the latin1 key */
const entryOf = (key: string, value: Buffer): Entry => ({ key: Buffer.from(key, 'latin1'), value });

/**
 * An in-memory table: values by the latin1 form of their key, in a map that keeps its order lazily
 * ({@link SortedMap}). A written entry is kept as key string and value only; the key bytes and a
 * key-value pair exist only for stores that are scanned (the caller's key is kept while the order
 * is kept up to date, else the key is copied when the order is rebuilt). So a table restored in bulk
 * holds no key Buffer at all, and none that views a consumer's fetch buffer.
 */
export class MemoryTable implements BytesTable {
  private readonly map = new SortedMap<Buffer, Entry>(entryOf);

  get(key: Buffer): Buffer | undefined {
    return this.map.get(key.toString('latin1'));
  }

  put(key: Buffer, value: Buffer): void {
    const map = this.map;
    if (map.ordered) map.set(key.toString('latin1'), value, { key, value });
    else map.set(key.toString('latin1'), value);
  }

  delete(key: Buffer): void {
    this.map.delete(key.toString('latin1'));
  }

  /**
   * Restoration from records: keys are not kept (a consumer's keys view its fetch buffers); values are
   * kept as given (copies for timestamped stores, a plain store's are the records' own: `writeFrom` copies).
   */
  writeBatch<T>(items: readonly T[], from: number, to: number, keyOf: (item: T) => Buffer | null, valueOf: (item: T) => Buffer | null): void {
    const map = this.map;
    for (let i = from; i < to; i++) {
      const item = items[i]!;
      const key = keyOf(item);
      if (key === null) continue;
      const value = valueOf(item);
      if (value === null) map.delete(key.toString('latin1'));
      else map.set(key.toString('latin1'), value);
    }
  }

  /**
   * Restoration in place: the key string is read straight from the record's bytes and the value copied
   * into a Buffer of its own (Node's pooled 8 KB slabs), so nothing kept views a fetch buffer.
   */
  writeFrom(reader: ChangelogReader, form: StoredValueForm): void {
    const map = this.map;
    for (let r = reader.next(); r !== null; r = reader.next()) {
      if (r.keyLength < 0) continue;
      const key = r.data.toString('latin1', r.keyStart, r.keyStart + r.keyLength);
      const length = storedValueLength(r, form);
      if (length < 0) {
        map.delete(key);
        continue;
      }
      const value = Buffer.allocUnsafe(length);
      writeStoredValue(r, form, value, 0);
      map.set(key, value);
    }
  }

  scan(range: BytesRange): KeyValueIterator<Buffer, Buffer> {
    return new GeneratorKeyValueIterator(this.map.values(toStringRange(range)));
  }

  approximateCount(): number {
    return this.map.size;
  }

  flush(): void {}

  clear(): void {
    this.map.clear();
  }
}

export function toStringRange(range: BytesRange): {
  from: string | undefined;
  to: string | undefined;
  toExclusive: boolean;
  reverse: boolean;
} {
  return {
    from: range.from ? range.from.toString('latin1') : undefined,
    to: range.to ? range.to.toString('latin1') : undefined,
    toExclusive: range.toExclusive ?? false,
    reverse: range.reverse ?? false,
  };
}

class MemoryTableProvider implements BytesTableProvider {
  readonly persistent = false;
  private readonly main = new MemoryTable();
  private readonly named = new Map<string, MemoryTable>();

  table(name?: string): BytesTable {
    if (name === undefined) return this.main;
    let t = this.named.get(name);
    if (!t) {
      t = new MemoryTable();
      this.named.set(name, t);
    }
    return t;
  }

  tableNames(): string[] {
    return [...this.named.keys()];
  }

  dropTable(name: string): void {
    this.named.delete(name);
  }

  flush(): void {}

  close(): void {
    this.main.clear();
    this.named.clear();
  }
}

export const memoryTables: BytesTableProviderFactory = {
  persistent: false,
  open: () => new MemoryTableProvider(),
};
