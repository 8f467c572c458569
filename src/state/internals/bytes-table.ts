import type { ChangelogReader } from '../../streams/processor/state-store.js';
import type { KeyValueIterator } from '../key-value.js';

/** How a store keeps a changelog record's value: as it is, or behind the record's 8-byte timestamp (timestamped stores). */
export type StoredValueForm = 'plain' | 'timestamped';

/** Bounds of a scan over byte keys: `from` inclusive, `to` inclusive unless `toExclusive`. */
export interface BytesRange {
  from?: Buffer | null | undefined;
  to?: Buffer | null | undefined;
  toExclusive?: boolean;
  reverse?: boolean;
}

/**
 * An ordered table of byte keys to byte values: what a storage backend offers the stores. Keys
 * order as unsigned bytes. Buffers passed in are owned by the table afterwards (not copied).
 */
export interface BytesTable {
  get(key: Buffer): Buffer | undefined;
  put(key: Buffer, value: Buffer): void;
  delete(key: Buffer): void;
  /** an iterator over a consistent snapshot */
  scan(range: BytesRange): KeyValueIterator<Buffer, Buffer>;
  approximateCount(): number;
  /**
   * Writes `items[from..to)` at once (a null value deletes, a null key is skipped): restoration's
   * path, in one write transaction for a persistent table, after its buffered writes.
   */
  writeBatch<T>(items: readonly T[], from: number, to: number, keyOf: (item: T) => Buffer | null, valueOf: (item: T) => Buffer | null): void;
  /**
   * Writes every record of a changelog reader, as `writeBatch` does (a null value deletes, a null key is
   * skipped), each value stored in `form`. The records' bytes are not kept: the table copies what it keeps.
   */
  writeFrom(reader: ChangelogReader, form: StoredValueForm): void;
  /** makes buffered writes visible to a reopened backend (no fsync: the changelog is the durability) */
  flush(): void;
}

/**
 * A storage backend for one store: one table, or many named tables (the segments of a window or
 * session store). In memory, or persistent in `<stateDir>/<storeName>/`.
 */
export interface BytesTableProvider {
  readonly persistent: boolean;
  /** opens (creating if needed) a named table; undefined = the main table */
  table(name?: string): BytesTable;
  /** names of the named tables that exist (persistent: also those from an earlier run) */
  tableNames(): string[];
  dropTable(name: string): void;
  flush(): void;
  close(): void;
}

/** Opens a backend for a store; the directory is `<stateDir>/<storeName>` for persistent ones. */
export interface BytesTableProviderFactory {
  readonly persistent: boolean;
  open(directory: string): BytesTableProvider;
}
