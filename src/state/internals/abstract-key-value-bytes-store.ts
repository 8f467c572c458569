import type { StateStore, StateStoreContext } from '../../streams/processor/state-store.js';
import type { Serializer } from '../../streams/serdes/serde.js';
import type { KeyValue, KeyValueIterator } from '../key-value.js';
import type { BytesRange } from './bytes-table.js';
import type { ChangelogBinding, KeyValueBytesStore } from './key-value-bytes-store.js';
import { prefixUpperBound } from './bytes.js';

/** The reads every bytes layer derives from `get` and `scan`. */
export abstract class AbstractKeyValueBytesStore implements KeyValueBytesStore {
  constructor(readonly name: string) {}

  abstract init(context: StateStoreContext, root: StateStore): void;
  abstract flush(): void;
  abstract close(): void;
  abstract persistent(): boolean;
  abstract isOpen(): boolean;
  abstract get(key: Buffer): Buffer | null;
  abstract put(key: Buffer, value: Buffer | null, timestamp?: number): void;
  abstract delete(key: Buffer, timestamp?: number): Buffer | null;
  abstract scan(range: BytesRange): KeyValueIterator<Buffer, Buffer>;
  abstract approximateNumEntries(): number;
  abstract changelogBinding(): ChangelogBinding;

  putIfAbsent(key: Buffer, value: Buffer | null, timestamp?: number): Buffer | null {
    const previous = this.get(key);
    if (previous === null) this.put(key, value, timestamp);
    return previous;
  }

  putAll(entries: readonly KeyValue<Buffer, Buffer | null>[], timestamp?: number): void {
    for (const e of entries) this.put(e.key, e.value, timestamp);
  }

  range(from: Buffer | null, to: Buffer | null): KeyValueIterator<Buffer, Buffer> {
    return this.scan({ from, to });
  }

  reverseRange(from: Buffer | null, to: Buffer | null): KeyValueIterator<Buffer, Buffer> {
    return this.scan({ from, to, reverse: true });
  }

  all(): KeyValueIterator<Buffer, Buffer> {
    return this.scan({});
  }

  reverseAll(): KeyValueIterator<Buffer, Buffer> {
    return this.scan({ reverse: true });
  }

  prefixScan<P>(prefix: P, prefixKeySerializer: Serializer<P>): KeyValueIterator<Buffer, Buffer> {
    const bytes = prefixKeySerializer.serialize('', prefix) ?? Buffer.alloc(0);
    return this.scanPrefix(bytes);
  }

  scanPrefix(prefix: Buffer): KeyValueIterator<Buffer, Buffer> {
    const upper = prefixUpperBound(prefix);
    return this.scan({ from: prefix, to: upper, toExclusive: upper !== null });
  }
}

/** A layer that wraps another bytes store and forwards everything it does not change. */
export abstract class WrappedKeyValueBytesStore extends AbstractKeyValueBytesStore {
  constructor(protected readonly inner: KeyValueBytesStore) {
    super(inner.name);
  }

  init(context: StateStoreContext, root: StateStore): void {
    this.inner.init(context, root);
  }

  flush(): void {
    this.inner.flush();
  }

  close(): void {
    this.inner.close();
  }

  persistent(): boolean {
    return this.inner.persistent();
  }

  isOpen(): boolean {
    return this.inner.isOpen();
  }

  get(key: Buffer): Buffer | null {
    return this.inner.get(key);
  }

  put(key: Buffer, value: Buffer | null, timestamp?: number): void {
    this.inner.put(key, value, timestamp);
  }

  delete(key: Buffer, timestamp?: number): Buffer | null {
    return this.inner.delete(key, timestamp);
  }

  scan(range: BytesRange): KeyValueIterator<Buffer, Buffer> {
    return this.inner.scan(range);
  }

  approximateNumEntries(): number {
    return this.inner.approximateNumEntries();
  }

  changelogBinding(): ChangelogBinding {
    return this.inner.changelogBinding();
  }
}
