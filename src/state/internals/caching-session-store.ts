import type { StateStore, StateStoreContext } from '../../streams/processor/state-store.js';
import type { Headers } from '../../streams/processor/headers.js';
import type { ChangelogBinding } from './key-value-bytes-store.js';
import type { EntryIterator } from './window-bytes-store.js';
import type { SessionBytesStore, SessionEntry, SessionQuery } from './session-bytes-store.js';
import { RecordCache, type DirtyEntry, type NamedCache } from '../record-cache.js';
import { cacheSizeFromConfig } from './caching-key-value-store.js';
import { maxSuffix, SESSION_SUFFIX, sessionEndOf, sessionKeyOf, sessionStartOf, sessionStoreKey } from './window-key-schema.js';
import { storeNotOpen } from '../errors.js';

/** A flushed session: the latest aggregate of one session since the previous flush. */
export interface SessionFlushEvent {
  key: Buffer;
  start: number;
  end: number;
  newValue: Buffer | null;
  oldValue: Buffer | null;
  timestamp: number;
  headers: Headers | undefined;
}

/** A session with its position in the segmented store's order (segment of its end, then store key). */
interface Positioned {
  segment: number;
  storeKey: Buffer;
  entry: SessionEntry | null;
  key: Buffer;
  start: number;
  end: number;
  value: Buffer | null;
}

/**
 * The caching layer of a session store (Kafka's `CachingSessionStore`): cache keys are session
 * store keys (key, end, start); fetches merge cached sessions with the segmented store in its order.
 */
export class CachingSessionStore implements SessionBytesStore {
  readonly name: string;
  private cache: NamedCache | undefined;
  private recordCache: RecordCache | undefined;
  private context: StateStoreContext | undefined;
  private listener: ((e: SessionFlushEvent) => void) | undefined;
  private sendOldValues = false;
  private observedStreamTime = -1;

  constructor(
    private readonly inner: SessionBytesStore,
    private readonly segmentInterval: number,
    private readonly retentionPeriod: number,
  ) {
    this.name = inner.name;
  }

  init(context: StateStoreContext, root: StateStore): void {
    this.inner.init(context, root);
    this.context = context;
    this.recordCache = context.recordCache ?? new RecordCache(cacheSizeFromConfig(context.appConfigs));
    this.cache = this.recordCache.namedCache(`${context.taskId.toString()}-${this.name}`);
    this.cache.setFlushListener((entries) => this.flushEntries(entries));
  }

  setFlushListener(listener: (e: SessionFlushEvent) => void, sendOldValues: boolean): boolean {
    this.listener = listener;
    this.sendOldValues = sendOldValues;
    return true;
  }

  private open(): NamedCache {
    if (!this.cache) throw storeNotOpen(this.name);
    return this.cache;
  }

  private flushEntries(entries: readonly DirtyEntry[]): void {
    for (const e of entries) {
      const key = sessionKeyOf(e.key);
      const start = sessionStartOf(e.key);
      const end = sessionEndOf(e.key);
      if (!this.listener) {
        this.inner.put(key, start, end, e.value, e.timestamp);
        continue;
      }
      const oldValue = e.value === null || this.sendOldValues ? this.inner.fetchSession(key, start, end) : null;
      if (e.value === null && oldValue === null) continue;
      this.inner.put(key, start, end, e.value, e.timestamp);
      this.listener({ key, start, end, newValue: e.value, oldValue: this.sendOldValues ? oldValue : null, timestamp: e.timestamp, headers: e.headers });
    }
  }

  put(key: Buffer, start: number, end: number, value: Buffer | null, timestamp?: number): void {
    const ctx = this.context!;
    if (end > this.observedStreamTime) this.observedStreamTime = end;
    this.open().putDirty(sessionStoreKey(key, start, end), value, timestamp ?? ctx.currentRecordTimestamp(), ctx.currentRecordHeaders?.());
  }

  fetchSession(key: Buffer, start: number, end: number): Buffer | null {
    if (end <= this.observedStreamTime - this.retentionPeriod) return null;
    const hit = this.open().get(sessionStoreKey(key, start, end));
    if (hit) return hit.value;
    return this.inner.fetchSession(key, start, end);
  }

  *query(q: SessionQuery): EntryIterator<SessionEntry> {
    const cache = this.open();
    const base = this.inner.query(q);
    if (cache.size === 0) {
      yield* base;
      return;
    }
    const earliestEnd = Math.max(q.earliestEnd, this.observedStreamTime - this.retentionPeriod + 1);
    const cachedSide = this.cachedSessions(q, earliestEnd);
    const nextBase = (): Positioned | undefined => {
      const r = base.next();
      if (r.done) return undefined;
      const e = r.value;
      return {
        segment: Math.floor(e.end / this.segmentInterval),
        storeKey: sessionStoreKey(e.key, e.start, e.end),
        entry: e,
        key: e.key,
        start: e.start,
        end: e.end,
        value: e.value,
      };
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
          yield b!.entry!;
          b = nextBase();
          continue;
        }
        if (cmp === 0) b = nextBase();
        const current = c!;
        c = cachedSide.next().value as Positioned | undefined;
        if (current.value !== null) yield { key: current.key, start: current.start, end: current.end, value: current.value };
      }
    } finally {
      base.return();
      cachedSide.return();
    }
  }

  private *cachedSessions(q: SessionQuery, earliestEnd: number): Generator<Positioned, void, undefined> {
    const cache = this.open();
    const found: Positioned[] = [];
    const from = q.key ? sessionStoreKey(q.key, 0, Math.max(earliestEnd, 0)) : (q.keyFrom ?? undefined);
    const to = q.key ? maxSuffix(q.key, SESSION_SUFFIX) : q.keyTo ? maxSuffix(q.keyTo, SESSION_SUFFIX) : undefined;
    const it = cache.scan({ from, to });
    for (let r = it.next(); !r.done; r = it.next()) {
      const storeKey = r.value.key;
      const key = sessionKeyOf(storeKey);
      const start = sessionStartOf(storeKey);
      const end = sessionEndOf(storeKey);
      if (end < earliestEnd || start > q.latestStart) continue;
      if (q.key) {
        if (!key.equals(q.key)) continue;
      } else {
        if (q.keyFrom && Buffer.compare(key, q.keyFrom) < 0) continue;
        if (q.keyTo && Buffer.compare(key, q.keyTo) > 0) continue;
      }
      found.push({ segment: Math.floor(end / this.segmentInterval), storeKey, entry: null, key, start, end, value: r.value.value });
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
