import type { StateStore, StateStoreContext } from '../../streams/processor/state-store.js';
import type { KeyValueIterator } from '../key-value.js';
import type { BytesRange } from './bytes-table.js';
import type { KeyValueBytesStore } from './key-value-bytes-store.js';
import type { CacheFlushListener } from '../cache-flush-listener.js';
import { WrappedKeyValueBytesStore } from './abstract-key-value-bytes-store.js';
import { MergedBytesIterator } from './iterators.js';
import { CACHE_MAX_BYTES_CONFIG, DEFAULT_CACHE_MAX_BYTES, RecordCache, type DirtyEntry, type NamedCache } from '../record-cache.js';
import { storeNotOpen } from '../errors.js';

/**
 * Keeps writes in the thread's record cache and writes the latest value per key to the inner
 * (changelogging) store when the cache flushes (Kafka's `CachingKeyValueStore`). Reads look at the
 * cache first; scans merge the cache with the inner store.
 */
export class CachingKeyValueStore extends WrappedKeyValueBytesStore {
  private cache: NamedCache | undefined;
  private recordCache: RecordCache | undefined;
  private context: StateStoreContext | undefined;
  private listener: CacheFlushListener<Buffer, Buffer> | undefined;
  private sendOldValues = false;

  constructor(inner: KeyValueBytesStore) {
    super(inner);
  }

  override init(context: StateStoreContext, root: StateStore): void {
    super.init(context, root);
    this.context = context;
    this.recordCache = context.recordCache ?? new RecordCache(cacheSizeFromConfig(context.appConfigs));
    this.cache = this.recordCache.namedCache(`${context.taskId.toString()}-${this.name}`);
    this.cache.setFlushListener((entries) => this.flushEntries(entries));
  }

  setFlushListener(listener: CacheFlushListener<Buffer, Buffer>, sendOldValues: boolean): boolean {
    this.listener = listener;
    this.sendOldValues = sendOldValues;
    return true;
  }

  private open(): NamedCache {
    if (!this.cache) throw storeNotOpen(this.name);
    return this.cache;
  }

  private flushEntries(entries: readonly DirtyEntry[]): void {
    const listener = this.listener;
    for (const e of entries) {
      if (!listener) {
        this.inner.put(e.key, e.value, e.timestamp);
        continue;
      }
      const oldValue = e.value === null || this.sendOldValues ? this.inner.get(e.key) : null;
      // a key that was neither stored nor cached: nothing to write, nothing to forward
      if (e.value === null && oldValue === null) continue;
      this.inner.put(e.key, e.value, e.timestamp);
      listener({ key: e.key, newValue: e.value, oldValue: this.sendOldValues ? oldValue : null, timestamp: e.timestamp, headers: e.headers });
    }
  }

  override get(key: Buffer): Buffer | null {
    const cache = this.open();
    const hit = cache.get(key);
    if (hit) return hit.value;
    const value = this.inner.get(key);
    if (value !== null) cache.putClean(key, value);
    return value;
  }

  override put(key: Buffer, value: Buffer | null, timestamp?: number): void {
    const ctx = this.context!;
    this.open().putDirty(key, value, timestamp ?? ctx.currentRecordTimestamp(), ctx.currentRecordHeaders?.());
  }

  override putIfAbsent(key: Buffer, value: Buffer | null, timestamp?: number): Buffer | null {
    const previous = this.get(key);
    if (previous === null) this.put(key, value, timestamp);
    return previous;
  }

  override delete(key: Buffer, timestamp?: number): Buffer | null {
    const old = this.get(key);
    this.put(key, null, timestamp);
    return old;
  }

  override scan(range: BytesRange): KeyValueIterator<Buffer, Buffer> {
    return new MergedBytesIterator(this.open().scan(range), this.inner.scan(range), range.reverse ?? false);
  }

  override flush(): void {
    this.cache?.flush();
    this.inner.flush();
  }

  override close(): void {
    try {
      this.flush();
    } finally {
      if (this.cache && this.recordCache) this.recordCache.removeNamedCache(this.cache.namespace);
      this.cache = undefined;
      this.inner.close();
    }
  }
}

export function cacheSizeFromConfig(appConfigs: Readonly<Record<string, unknown>>): number {
  const v = appConfigs[CACHE_MAX_BYTES_CONFIG] ?? appConfigs['cache.max.bytes.buffering'];
  const n = typeof v === 'string' ? Number(v) : typeof v === 'number' ? v : NaN;
  return Number.isFinite(n) && n >= 0 ? n : DEFAULT_CACHE_MAX_BYTES;
}
