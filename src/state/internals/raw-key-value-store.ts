import { join } from 'node:path';
import type { ChangelogRecord, StateStore, StateStoreContext } from '../../streams/processor/state-store.js';
import type { KeyValueIterator } from '../key-value.js';
import type { BytesRange, BytesTable, BytesTableProvider, BytesTableProviderFactory } from './bytes-table.js';
import type { ChangelogBinding } from './key-value-bytes-store.js';
import { AbstractKeyValueBytesStore } from './abstract-key-value-bytes-store.js';
import { StateStoreError, storeNotOpen } from '../errors.js';

const keyOfRecord = (r: ChangelogRecord): Buffer | null => r.key;

/**
 * The innermost layer of a key-value store: bytes in a table of a backend (in memory, or LMDB in
 * `<stateDir>/<storeName>/`). A null value deletes, as in Kafka Streams.
 */
export class RawKeyValueStore extends AbstractKeyValueBytesStore {
  private provider: BytesTableProvider | undefined;
  private table: BytesTable | undefined;

  constructor(
    name: string,
    private readonly backend: BytesTableProviderFactory,
  ) {
    super(name);
  }

  init(context: StateStoreContext, _root: StateStore): void {
    if (this.provider) throw new StateStoreError('STORE_ALREADY_INITIALIZED', `state store ${this.name} is already initialised`);
    this.provider = this.backend.open(join(context.stateDir, this.name));
    this.table = this.provider.table();
  }

  private open(): BytesTable {
    if (!this.table) throw storeNotOpen(this.name);
    return this.table;
  }

  flush(): void {
    this.provider?.flush();
  }

  close(): void {
    this.provider?.close();
    this.provider = undefined;
    this.table = undefined;
  }

  persistent(): boolean {
    return this.backend.persistent;
  }

  isOpen(): boolean {
    return this.table !== undefined;
  }

  get(key: Buffer): Buffer | null {
    return this.open().get(key) ?? null;
  }

  put(key: Buffer, value: Buffer | null): void {
    const t = this.open();
    if (value === null) t.delete(key);
    else t.put(key, value);
  }

  delete(key: Buffer): Buffer | null {
    const t = this.open();
    const old = t.get(key) ?? null;
    if (old !== null) t.delete(key);
    return old;
  }

  scan(range: BytesRange): KeyValueIterator<Buffer, Buffer> {
    return this.open().scan(range);
  }

  approximateNumEntries(): number {
    return this.open().approximateCount();
  }

  changelogBinding(): ChangelogBinding {
    return {
      restore: (key, value) => this.put(key, value),
      restoreBatch: (records, from, to, valueOf) => this.open().writeBatch(records, from, to, keyOfRecord, valueOf),
      restoreFrom: (reader, form) => this.open().writeFrom(reader, form),
    };
  }
}
