import type { StateStore, StateStoreContext } from '../../streams/processor/state-store.js';
import type { Headers } from '../../streams/processor/headers.js';
import type { ChangelogBinding } from './key-value-bytes-store.js';
import type { EntryIterator, WindowBytesStore, WindowEntry, WindowQuery } from './window-bytes-store.js';
import { RecordCache, type DirtyEntry, type NamedCache } from '../record-cache.js';
import { cacheSizeFromConfig } from './caching-key-value-store.js';
import { maxSuffix, WINDOW_SUFFIX, windowKeyOf, windowStartOf, windowStoreKey } from './window-key-schema.js';

/** A window with its position in the segmented store's order. */
interface Positioned {
  segment: number;
  storeKey: Buffer;
  key: Buffer;
  ts: number;
  value: Buffer | null;
}
import { storeNotOpen } from '../errors.js';

/** A flushed window: the latest value of one window since the previous flush. */
export interface WindowFlushEvent {
  key: Buffer;
  windowStart: number;
  newValue: Buffer | null;
  oldValue: Buffer | null;
  timestamp: number;
  headers: Headers | undefined;
}

/**
 * The caching layer of a window store (Kafka's `CachingWindowStore`). Cache keys are window store
 * keys (key, start, seqnum 0). Fetches merge cached windows with the segmented store in its order
 * (segment, then store key): for one key that is the cache's own order; for a key range the cached
 * windows in range are sorted first.
 */
export class CachingWindowStore implements WindowBytesStore {
  readonly name: string;
  private cache: NamedCache | undefined;
  private recordCache: RecordCache | undefined;
  private context: StateStoreContext | undefined;
  private listener: ((e: WindowFlushEvent) => void) | undefined;
  private sendOldValues = false;
  private observedStreamTime = -1;
  private lastCacheKey: Buffer | undefined;
  private lastWindowStart = 0;

  constructor(
    private readonly inner: WindowBytesStore,
    private readonly segmentInterval: number,
    private readonly retentionPeriod: number,
  ) {
    this.name = inner.name;
  }

  get retainDuplicates(): boolean {
    return false;
  }

  init(context: StateStoreContext, root: StateStore): void {
    this.inner.init(context, root);
    this.context = context;
    this.recordCache = context.recordCache ?? new RecordCache(cacheSizeFromConfig(context.appConfigs));
    this.cache = this.recordCache.namedCache(`${context.taskId.toString()}-${this.name}`);
    this.cache.setFlushListener((entries) => this.flushEntries(entries));
  }

  setFlushListener(listener: (e: WindowFlushEvent) => void, sendOldValues: boolean): boolean {
    this.listener = listener;
    this.sendOldValues = sendOldValues;
    return true;
  }

  private open(): NamedCache {
    if (!this.cache) throw storeNotOpen(this.name);
    return this.cache;
  }

  /**
   * The cache key of a window: its window store key (key, start, seqnum 0). An aggregation fetches
   * a window and then writes it: the key of the last call is kept, so the pair builds it once.
   * Keys are never written to once built (the cache and the stores own them), so sharing is safe.
   */
  private cacheKey(key: Buffer, windowStart: number): Buffer {
    const last = this.lastCacheKey;
    if (last !== undefined && this.lastWindowStart === windowStart && last.length === key.length + WINDOW_SUFFIX && last.compare(key, 0, key.length, 0, key.length) === 0) return last;
    const out = windowStoreKey(key, windowStart, 0);
    this.lastCacheKey = out;
    this.lastWindowStart = windowStart;
    return out;
  }

  private flushEntries(entries: readonly DirtyEntry[]): void {
    for (const e of entries) {
      const storeKey = e.key;
      const key = windowKeyOf(storeKey);
      const windowStart = windowStartOf(storeKey);
      if (!this.listener) {
        this.inner.put(key, e.value, windowStart, e.timestamp, storeKey);
        continue;
      }
      const oldValue = e.value === null || this.sendOldValues ? this.inner.fetch(key, windowStart) : null;
      if (e.value === null && oldValue === null) continue;
      this.inner.put(key, e.value, windowStart, e.timestamp, storeKey);
      this.listener({ key, windowStart, newValue: e.value, oldValue: this.sendOldValues ? oldValue : null, timestamp: e.timestamp, headers: e.headers });
    }
  }

  put(key: Buffer, value: Buffer | null, windowStart: number, timestamp?: number): Buffer | null {
    const ctx = this.context!;
    if (windowStart > this.observedStreamTime) this.observedStreamTime = windowStart;
    const cacheKey = this.cacheKey(key, windowStart);
    this.open().putDirty(cacheKey, value, timestamp ?? ctx.currentRecordTimestamp(), ctx.currentRecordHeaders?.());
    return cacheKey;
  }

  fetch(key: Buffer, windowStart: number): Buffer | null {
    if (windowStart <= this.observedStreamTime - this.retentionPeriod) return null;
    const hit = this.open().get(this.cacheKey(key, windowStart));
    if (hit) return hit.value;
    return this.inner.fetch(key, windowStart);
  }

  *query(q: WindowQuery): EntryIterator<WindowEntry> {
    const cache = this.open();
    const base = this.inner.query(q);
    if (cache.size === 0) {
      yield* base;
      return;
    }
    const from = Math.max(q.timeFrom, this.observedStreamTime - this.retentionPeriod + 1);
    const to = q.timeTo;
    if (from > to) {
      base.return();
      return;
    }
    const matches = (key: Buffer, ts: number): boolean => {
      if (ts < from || ts > to) return false;
      if (q.key) return key.equals(q.key);
      if (q.keyFrom && Buffer.compare(key, q.keyFrom) < 0) return false;
      if (q.keyTo && Buffer.compare(key, q.keyTo) > 0) return false;
      return true;
    };
    // cached windows in the order of the segmented store: segment, then store key
    const cachedSide = this.cachedWindows(q, from, to, matches);
    const nextBase = (): Positioned | undefined => {
      const r = base.next();
      if (r.done) return undefined;
      const e = r.value;
      return { segment: Math.floor(e.windowStart / this.segmentInterval), storeKey: windowStoreKey(e.key, e.windowStart, 0), key: e.key, ts: e.windowStart, value: e.value };
    };
    const sign = q.backward ? -1 : 1;
    try {
      let c = cachedSide.next().value as Positioned | undefined;
      let b = nextBase();
      while (c !== undefined || b !== undefined) {
        let cmp: number;
        if (c === undefined) cmp = 1;
        else if (b === undefined) cmp = -1;
        else cmp = sign * (c.segment - b.segment || Buffer.compare(c.storeKey, b.storeKey));
        if (cmp > 0) {
          yield { key: b!.key, windowStart: b!.ts, value: b!.value! };
          b = nextBase();
          continue;
        }
        if (cmp === 0) b = nextBase();
        const current = c!;
        c = cachedSide.next().value as Positioned | undefined;
        if (current.value !== null) yield { key: current.key, windowStart: current.ts, value: current.value };
      }
    } finally {
      base.return();
      cachedSide.return();
    }
  }

  private *cachedWindows(q: WindowQuery, from: number, to: number, matches: (key: Buffer, ts: number) => boolean): Generator<Positioned, void, undefined> {
    const cache = this.open();
    const toPositioned = (storeKey: Buffer, value: Buffer | null): Positioned | undefined => {
      const key = windowKeyOf(storeKey);
      const ts = windowStartOf(storeKey);
      return matches(key, ts) ? { segment: Math.floor(ts / this.segmentInterval), storeKey, key, ts, value } : undefined;
    };
    if (q.key) {
      // one key: the cache's order (key, then start) is already the segmented store's order
      const it = cache.scan({ from: windowStoreKey(q.key, Math.max(from, 0), 0), to: windowStoreKey(q.key, to, 0), reverse: q.backward });
      for (let r = it.next(); !r.done; r = it.next()) {
        const p = toPositioned(r.value.key, r.value.value);
        if (p) yield p;
      }
      return;
    }
    // a key range: collect the cached windows in range and sort them segment first
    const found: Positioned[] = [];
    const it = cache.scan({ from: q.keyFrom ?? undefined, to: q.keyTo ? maxSuffix(q.keyTo, WINDOW_SUFFIX) : undefined });
    for (let r = it.next(); !r.done; r = it.next()) {
      const p = toPositioned(r.value.key, r.value.value);
      if (p) found.push(p);
    }
    found.sort((a, b) => a.segment - b.segment || Buffer.compare(a.storeKey, b.storeKey));
    if (q.backward) found.reverse();
    yield* found;
  }

  approximateNumEntries(): number {
    return this.inner.approximateNumEntries();
  }

  changelogBinding(): ChangelogBinding {
    return this.inner.changelogBinding();
  }

  flush(): void {
    this.cache?.flush();
    this.inner.flush();
  }

  close(): void {
    try {
      this.flush();
    } finally {
      if (this.cache && this.recordCache) this.recordCache.removeNamedCache(this.cache.namespace);
      this.cache = undefined;
      this.inner.close();
    }
  }

  persistent(): boolean {
    return this.inner.persistent();
  }

  isOpen(): boolean {
    return this.inner.isOpen();
  }
}
