import type { Headers } from '../streams/processor/headers.js';
import type { BytesRange } from './internals/bytes-table.js';
import type { OverlayEntry } from './internals/iterators.js';
import { SortedMap } from './internals/sorted-map.js';
import { toStringRange } from './internals/memory-table.js';

/** Bytes counted for an entry besides its key and value (bookkeeping, timestamp, links). */
export const CACHE_ENTRY_OVERHEAD_BYTES = 64;

/** The config that sizes the cache of a stream thread (Kafka's `statestore.cache.max.bytes`). */
export const CACHE_MAX_BYTES_CONFIG = 'statestore.cache.max.bytes';
export const DEFAULT_CACHE_MAX_BYTES = 10 * 1024 * 1024;

/** A dirty entry handed to a named cache's flush listener: the latest value of a key since the last flush. */
export interface DirtyEntry {
  readonly key: Buffer;
  /** null: the key was deleted */
  readonly value: Buffer | null;
  /** timestamp of the record that last wrote the entry */
  readonly timestamp: number;
  readonly headers: Headers | undefined;
}

export type DirtyEntryFlushListener = (entries: readonly DirtyEntry[]) => void;

/** What a write into the cache records besides key and value. */
export interface CacheWrite {
  dirty: boolean;
  timestamp: number;
  headers?: Headers | undefined;
}

/** An entry of the cache; `value === null` is a cached deletion. */
export class CacheEntry implements DirtyEntry, OverlayEntry {
  /** links of the thread-wide LRU order */
  prev: CacheEntry | null = null;
  next: CacheEntry | null = null;
  /** links of its named cache's dirty entries, in the order they were last written */
  dirtyPrev: CacheEntry | null = null;
  dirtyNext: CacheEntry | null = null;
  constructor(
    readonly key: Buffer,
    readonly keyString: string,
    public value: Buffer | null,
    public dirty: boolean,
    public timestamp: number,
    public headers: Headers | undefined,
    public size: number,
    readonly cache: NamedCache,
  ) {}
}

export interface RecordCacheStats {
  hits: number;
  misses: number;
  puts: number;
  evictions: number;
  flushes: number;
}

/**
 * The record cache of a stream thread (Kafka Streams' `ThreadCache`): one named cache per store
 * (namespace `<taskId>-<storeName>`), all sharing one byte budget. Least recently used entries are
 * evicted across all named caches; evicting a dirty entry first flushes its named cache, so its
 * store sees the latest value of every dirty key, in the order they were last written.
 */
export class RecordCache {
  private readonly caches = new Map<string, NamedCache>();
  private head: CacheEntry | null = null; // least recently used
  private tail: CacheEntry | null = null; // most recently used
  private bytes = 0;
  private evicting = false;
  readonly stats: RecordCacheStats = { hits: 0, misses: 0, puts: 0, evictions: 0, flushes: 0 };

  constructor(private maxBytes: number = DEFAULT_CACHE_MAX_BYTES) {}

  get sizeBytes(): number {
    return this.bytes;
  }

  get maxSizeBytes(): number {
    return this.maxBytes;
  }

  /** number of entries across all named caches */
  get size(): number {
    let n = 0;
    for (const c of this.caches.values()) n += c.size;
    return n;
  }

  resize(maxBytes: number): void {
    this.maxBytes = maxBytes;
    this.maybeEvict();
  }

  /** the named cache of a store, created on first use */
  namedCache(namespace: string): NamedCache {
    let c = this.caches.get(namespace);
    if (!c) {
      c = new NamedCache(namespace, this);
      this.caches.set(namespace, c);
    }
    return c;
  }

  namespaces(): string[] {
    return [...this.caches.keys()];
  }

  /** flushes every named cache (a commit of all tasks of the thread) */
  flushAll(): void {
    for (const c of [...this.caches.values()]) c.flush();
  }

  /** drops a named cache without flushing (its store is closing or its task was lost) */
  removeNamedCache(namespace: string): void {
    const c = this.caches.get(namespace);
    if (!c) return;
    this.caches.delete(namespace);
    c.dropAll();
  }

  // --- bookkeeping shared with NamedCache ---

  /** @internal */
  touch(e: CacheEntry): void {
    if (this.tail === e) return;
    this.unlink(e);
    this.append(e);
  }

  /** @internal */
  append(e: CacheEntry): void {
    e.prev = this.tail;
    e.next = null;
    if (this.tail) this.tail.next = e;
    else this.head = e;
    this.tail = e;
  }

  /** @internal */
  unlink(e: CacheEntry): void {
    if (e.prev) e.prev.next = e.next;
    else if (this.head === e) this.head = e.next;
    if (e.next) e.next.prev = e.prev;
    else if (this.tail === e) this.tail = e.prev;
    e.prev = e.next = null;
  }

  /** @internal */
  addBytes(delta: number): void {
    this.bytes += delta;
  }

  /** @internal evicts least recently used entries until the cache fits its budget */
  maybeEvict(): void {
    if (this.evicting) return; // a flush listener wrote into a cache: the outer loop goes on evicting
    this.evicting = true;
    try {
      while (this.bytes > this.maxBytes && this.head) {
        const e = this.head;
        if (e.dirty) e.cache.flush();
        // the flush may have forwarded records that touched or removed the entry
        if (this.head !== e) continue;
        e.cache.evict(e);
        this.stats.evictions++;
      }
    } finally {
      this.evicting = false;
    }
  }
}

/** The part of the record cache that belongs to one store (Kafka's `NamedCache`). */
export class NamedCache {
  private readonly entries = new SortedMap<CacheEntry>();
  /** dirty entries, least recently written first (an intrusive list: a write moves its entry to the end) */
  private dirtyHead: CacheEntry | null = null;
  private dirtyTail: CacheEntry | null = null;
  private dirtySize = 0;
  private listener: DirtyEntryFlushListener | undefined;
  private bytes = 0;
  /** the last key looked up and its string form: a read-modify-write converts its key once */
  private lastKey: Buffer | undefined;
  private lastKeyString = '';

  constructor(
    readonly namespace: string,
    private readonly owner: RecordCache,
  ) {}

  get size(): number {
    return this.entries.size;
  }

  get sizeBytes(): number {
    return this.bytes;
  }

  get dirtyCount(): number {
    return this.dirtySize;
  }

  setFlushListener(listener: DirtyEntryFlushListener): void {
    this.listener = listener;
  }

  /** the latin1 string of a key (keys are never written to once handed to the cache) */
  private keyString(key: Buffer): string {
    if (key === this.lastKey) return this.lastKeyString;
    const ks = key.toString('latin1');
    this.lastKey = key;
    this.lastKeyString = ks;
    return ks;
  }

  /** the cached entry (a null value is a cached deletion), or undefined on a miss */
  get(key: Buffer): CacheEntry | undefined {
    const e = this.entries.get(this.keyString(key));
    if (e) {
      this.owner.stats.hits++;
      this.owner.touch(e);
    } else this.owner.stats.misses++;
    return e;
  }

  put(key: Buffer, value: Buffer | null, write: CacheWrite): void {
    if (write.dirty) this.putDirty(key, value, write.timestamp, write.headers);
    else this.putClean(key, value);
  }

  /** a write of the store: the entry is dirty until the next flush hands it to the listener */
  putDirty(key: Buffer, value: Buffer | null, timestamp: number, headers: Headers | undefined): void {
    const ks = this.keyString(key);
    const size = ks.length + (value === null ? 0 : value.length) + CACHE_ENTRY_OVERHEAD_BYTES;
    let e = this.entries.get(ks);
    if (e) {
      this.resizeEntry(e, size);
      e.value = value;
      e.timestamp = timestamp;
      e.headers = headers;
      this.owner.touch(e);
      if (e.dirty) this.unlinkDirty(e);
      else e.dirty = true;
    } else {
      e = new CacheEntry(key, ks, value, true, timestamp, headers, size, this);
      this.entries.set(ks, e);
      this.bytes += size;
      this.owner.addBytes(size);
      this.owner.append(e);
    }
    this.appendDirty(e);
    this.owner.stats.puts++;
    this.owner.maybeEvict();
  }

  /** a value read from the store below, kept clean (it never replaces an unflushed write) */
  putClean(key: Buffer, value: Buffer | null): void {
    const ks = this.keyString(key);
    const size = ks.length + (value === null ? 0 : value.length) + CACHE_ENTRY_OVERHEAD_BYTES;
    const e = this.entries.get(ks);
    if (e) {
      this.owner.touch(e);
      if (e.dirty) return;
      this.resizeEntry(e, size);
      e.value = value;
      e.timestamp = -1;
      e.headers = undefined;
    } else {
      const fresh = new CacheEntry(key, ks, value, false, -1, undefined, size, this);
      this.entries.set(ks, fresh);
      this.bytes += size;
      this.owner.addBytes(size);
      this.owner.append(fresh);
    }
    this.owner.stats.puts++;
    this.owner.maybeEvict();
  }

  private appendDirty(e: CacheEntry): void {
    e.dirtyPrev = this.dirtyTail;
    e.dirtyNext = null;
    if (this.dirtyTail) this.dirtyTail.dirtyNext = e;
    else this.dirtyHead = e;
    this.dirtyTail = e;
    this.dirtySize++;
  }

  private unlinkDirty(e: CacheEntry): void {
    if (e.dirtyPrev) e.dirtyPrev.dirtyNext = e.dirtyNext;
    else this.dirtyHead = e.dirtyNext;
    if (e.dirtyNext) e.dirtyNext.dirtyPrev = e.dirtyPrev;
    else this.dirtyTail = e.dirtyPrev;
    e.dirtyPrev = e.dirtyNext = null;
    this.dirtySize--;
  }

  private resizeEntry(e: CacheEntry, size: number): void {
    const delta = size - e.size;
    e.size = size;
    this.bytes += delta;
    this.owner.addBytes(delta);
  }

  /** cached entries within the range, in key order (reverse if asked), without touching the LRU order */
  scan(range: BytesRange): Iterator<CacheEntry> {
    return this.entries.values(toStringRange(range));
  }

  /** hands every dirty entry to the flush listener (in the order they were last written) and marks them clean */
  flush(): void {
    if (this.dirtySize === 0) return;
    const batch = new Array<CacheEntry>(this.dirtySize);
    let n = 0;
    for (let e = this.dirtyHead; e !== null; ) {
      const next: CacheEntry | null = e.dirtyNext;
      e.dirty = false;
      e.dirtyPrev = e.dirtyNext = null;
      batch[n++] = e;
      e = next;
    }
    // writes made by the listener (downstream processors) start a new dirty list
    this.dirtyHead = this.dirtyTail = null;
    this.dirtySize = 0;
    this.owner.stats.flushes++;
    if (!this.listener) throw new Error(`record cache ${this.namespace} has dirty entries but no flush listener`);
    this.listener(batch);
  }

  /** @internal removes one (clean) entry */
  evict(e: CacheEntry): void {
    if (this.entries.get(e.keyString) !== e) {
      this.owner.unlink(e);
      return;
    }
    this.entries.delete(e.keyString);
    if (e.dirty) {
      this.unlinkDirty(e);
      e.dirty = false;
    }
    this.owner.unlink(e);
    this.bytes -= e.size;
    this.owner.addBytes(-e.size);
  }

  /** @internal drops every entry, dirty or not */
  dropAll(): void {
    for (const e of this.entries.unorderedValues()) {
      this.owner.unlink(e);
      this.owner.addBytes(-e.size);
    }
    this.entries.clear();
    this.lastKey = undefined;
    this.dirtyHead = this.dirtyTail = null;
    this.dirtySize = 0;
    this.bytes = 0;
  }
}
