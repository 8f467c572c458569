import type { KeyValue, KeyValueIterator } from '../key-value.js';
import type { BytesRange, BytesTable, BytesTableProvider, BytesTableProviderFactory } from './bytes-table.js';
import { GeneratorKeyValueIterator } from './iterators.js';
import { SortedMap } from './sorted-map.js';

/** An in-memory table: a B+ tree keyed by the latin1 form of the key. */
export class MemoryTable implements BytesTable {
  private readonly map = new SortedMap<KeyValue<Buffer, Buffer>>();

  get(key: Buffer): Buffer | undefined {
    return this.map.get(key.toString('latin1'))?.value;
  }

  put(key: Buffer, value: Buffer): void {
    this.map.set(key.toString('latin1'), { key, value });
  }

  delete(key: Buffer): void {
    this.map.delete(key.toString('latin1'));
  }

  writeBatch<T>(items: readonly T[], from: number, to: number, keyOf: (item: T) => Buffer | null, valueOf: (item: T) => Buffer | null): void {
    const map = this.map;
    for (let i = from; i < to; i++) {
      const item = items[i]!;
      const key = keyOf(item);
      if (key === null) continue;
      const value = valueOf(item);
      if (value === null) map.delete(key.toString('latin1'));
      else map.set(key.toString('latin1'), { key, value });
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
