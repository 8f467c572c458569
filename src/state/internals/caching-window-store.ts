import type { StateStore, StateStoreContext } from '../../streams/processor/state-store.js';
import type { Headers } from '../../streams/processor/headers.js';
import type { ChangelogBinding } from './key-value-bytes-store.js';
import type { EntryIterator, WindowBytesStore, WindowEntry, WindowQuery } from './window-bytes-store.js';
import { RecordCache, type DirtyEntry, type NamedCache } from '../record-cache.js';
import { cacheSizeFromConfig } from './caching-key-value-store.js';
import { windowKeyOf, windowStartOf, windowStoreKey } from './window-key-schema.js';
import { writeLong } from './bytes.js';
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
 * The caching layer of a window store (Kafka's `CachingWindowStore`). Cache keys are
 * `<8-byte segment id><window store key>`, so cached entries sort in the order the segmented store
 * returns them and fetches merge the two in one pass.
 */
export class CachingWindowStore implements WindowBytesStore {
  readonly name: string;
  private cache: NamedCache | undefined;
  private recordCache: RecordCache | undefined;
  private context: StateStoreContext | undefined;
  private listener: ((e: WindowFlushEvent) => void) | undefined;
  private sendOldValues = false;
  private observedStreamTime = -1;

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

  private segmentPrefix(windowStart: number): Buffer {
    const b = Buffer.allocUnsafe(8);
    writeLong(b, 0, Math.floor(windowStart / this.segmentInterval));
    return b;
  }

  private cacheKey(key: Buffer, windowStart: number): Buffer {
    const storeKey = windowStoreKey(key, windowStart, 0);
    const out = Buffer.allocUnsafe(8 + storeKey.length);
    writeLong(out, 0, Math.floor(windowStart / this.segmentInterval));
    storeKey.copy(out, 8);
    return out;
  }

  private flushEntries(entries: readonly DirtyEntry[]): void {
    for (const e of entries) {
      const storeKey = e.key.subarray(8);
      const key = windowKeyOf(storeKey);
      const windowStart = windowStartOf(storeKey);
      if (!this.listener) {
        this.inner.put(key, e.value, windowStart, e.timestamp);
        continue;
      }
      const oldValue = e.value === null || this.sendOldValues ? this.inner.fetch(key, windowStart) : null;
      if (e.value === null && oldValue === null) continue;
      this.inner.put(key, e.value, windowStart, e.timestamp);
      this.listener({ key, windowStart, newValue: e.value, oldValue: this.sendOldValues ? oldValue : null, timestamp: e.timestamp, headers: e.headers });
    }
  }

  put(key: Buffer, value: Buffer | null, windowStart: number, timestamp?: number): Buffer | null {
    const ctx = this.context!;
    if (windowStart > this.observedStreamTime) this.observedStreamTime = windowStart;
    this.open().put(this.cacheKey(key, windowStart), value, {
      dirty: true,
      timestamp: timestamp ?? ctx.currentRecordTimestamp(),
      headers: ctx.currentRecordHeaders?.(),
    });
    return windowStoreKey(key, windowStart, 0);
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
    const upper = Math.floor(to / this.segmentInterval) + 1;
    const cached = cache.scan({
      from: this.segmentPrefix(Math.max(from, 0)),
      to: this.segmentPrefix(upper * this.segmentInterval),
      toExclusive: true,
      reverse: q.backward,
    });
    const matches = (key: Buffer, ts: number): boolean => {
      if (ts < from || ts > to) return false;
      if (q.key) return key.equals(q.key);
      if (q.keyFrom && Buffer.compare(key, q.keyFrom) < 0) return false;
      if (q.keyTo && Buffer.compare(key, q.keyTo) > 0) return false;
      return true;
    };
    const nextCached = (): { ck: Buffer; key: Buffer; ts: number; value: Buffer | null } | undefined => {
      for (;;) {
        const r = cached.next();
        if (r.done) return undefined;
        const storeKey = r.value.key.subarray(8);
        const key = windowKeyOf(storeKey);
        const ts = windowStartOf(storeKey);
        if (matches(key, ts)) return { ck: r.value.key, key, ts, value: r.value.value };
      }
    };
    const nextBase = (): { ck: Buffer; e: WindowEntry } | undefined => {
      const r = base.next();
      return r.done ? undefined : { ck: this.cacheKey(r.value.key, r.value.windowStart), e: r.value };
    };
    try {
      let c = nextCached();
      let b = nextBase();
      while (c !== undefined || b !== undefined) {
        let cmp: number;
        if (c === undefined) cmp = 1;
        else if (b === undefined) cmp = -1;
        else cmp = q.backward ? Buffer.compare(b.ck, c.ck) : Buffer.compare(c.ck, b.ck);
        if (cmp > 0) {
          yield b!.e;
          b = nextBase();
          continue;
        }
        if (cmp === 0) b = nextBase();
        const current = c!;
        c = nextCached();
        if (current.value !== null) yield { key: current.key, windowStart: current.ts, value: current.value };
      }
    } finally {
      base.return();
      cached.return?.();
    }
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
