// INTERIM: in-memory window and session stores for the windowed aggregations, used until the state
// layer's window/session stores (with changelogging and the shared record cache) are bound to the DSL.
// They follow the read rules of Kafka's stores (retention, ordering) and have a small per-store cache
// with Kafka's flush semantics, so that windowed DSL results are exact today.

import type { KeyValue } from '../../../../state/key-value.js';
import type { ValueAndTimestamp } from '../../../../state/key-value-store.js';
import type { CacheFlushListener } from '../../../../state/cache-flush-listener.js';
import type { StoreBuilder } from '../../../../state/store-builder.js';
import type { StateStore, StateStoreContext } from '../../../processor/state-store.js';
import type { Serde } from '../../../serdes/serde.js';
import type { AggregationSessionStore, AggregationWindowStore, WindowedKey } from './window-spec.js';

type KeyId = string;

function keyIdFn(serde: Serde<unknown> | undefined): (key: unknown) => KeyId {
  if (serde) {
    return (key) => {
      const bytes = serde.serialize('', key);
      return bytes === null ? '' : bytes.toString('latin1');
    };
  }
  return (key) => (typeof key === 'string' ? key : JSON.stringify(key));
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

abstract class InterimStore implements StateStore {
  private open = false;
  protected context: StateStoreContext | undefined;
  protected readonly id: (key: unknown) => KeyId;

  constructor(
    readonly name: string,
    keySerde: Serde<unknown> | undefined,
    protected readonly caching: boolean,
  ) {
    this.id = keyIdFn(keySerde);
  }

  init(context: StateStoreContext): void {
    this.context = context;
    this.open = true;
  }

  protected recordTimestamp(): number {
    return this.context?.currentRecordTimestamp() ?? 0;
  }

  abstract flush(): void;

  close(): void {
    this.open = false;
  }

  persistent(): boolean {
    return false;
  }

  isOpen(): boolean {
    return this.open;
  }
}

interface WindowRow<V> {
  key: unknown;
  start: number;
  value: ValueAndTimestamp<V>;
}

interface DirtyWindow<V> {
  key: unknown;
  start: number;
  value: ValueAndTimestamp<V> | null;
  timestamp: number;
}

/** A timestamped window store in memory (one value per key and window start). */
export class InterimWindowStore<V> extends InterimStore implements AggregationWindowStore<unknown, V> {
  /** key id -> window start -> row */
  private readonly byKey = new Map<KeyId, Map<number, WindowRow<V>>>();
  /** window start -> key ids (for time-ordered range reads and expiry) */
  private readonly byStart = new Map<number, Set<KeyId>>();
  private observedStart = -1;
  private lastPurge = Number.NEGATIVE_INFINITY;
  private readonly dirty = new Map<string, DirtyWindow<V>>();
  private listener: CacheFlushListener<WindowedKey<unknown>, ValueAndTimestamp<V>> | undefined;
  private sendOldValues = false;

  constructor(
    name: string,
    keySerde: Serde<unknown> | undefined,
    private readonly options: { retentionMs: number; windowSizeMs: number; timeOrdered: boolean; caching: boolean },
  ) {
    super(name, keySerde, options.caching);
  }

  /** the earliest window start still readable (a time-ordered store keeps one more ms, as Kafka's does) */
  private minLiveStart(): number {
    return this.observedStart - this.options.retentionMs + (this.options.timeOrdered ? 0 : 1);
  }

  setFlushListener(listener: CacheFlushListener<WindowedKey<unknown>, ValueAndTimestamp<V>>, sendOldValues: boolean): boolean {
    if (!this.caching) return false;
    this.listener = listener;
    this.sendOldValues = sendOldValues;
    return true;
  }

  private windowed(key: unknown, start: number): WindowedKey<unknown> {
    return { key, window: { start, end: start + this.options.windowSizeMs } };
  }

  put(key: unknown, value: ValueAndTimestamp<V> | null, windowStart: number): void {
    if (this.caching) {
      const id = `${this.id(key)}\u0000${windowStart}`;
      this.dirty.delete(id);
      this.dirty.set(id, { key, start: windowStart, value, timestamp: this.recordTimestamp() });
      return;
    }
    this.putInner(key, value, windowStart);
  }

  private putInner(key: unknown, value: ValueAndTimestamp<V> | null, windowStart: number): void {
    if (windowStart > this.observedStart) this.observedStart = windowStart;
    if (windowStart < this.minLiveStart()) return; // expired: dropped, as a segmented store drops it
    const id = this.id(key);
    if (value === null) {
      const rows = this.byKey.get(id);
      if (rows?.delete(windowStart)) {
        if (rows.size === 0) this.byKey.delete(id);
        this.byStart.get(windowStart)?.delete(id);
      }
    } else {
      let rows = this.byKey.get(id);
      if (!rows) this.byKey.set(id, (rows = new Map()));
      rows.set(windowStart, { key, start: windowStart, value });
      let ids = this.byStart.get(windowStart);
      if (!ids) this.byStart.set(windowStart, (ids = new Set()));
      ids.add(id);
    }
    this.maybePurge();
  }

  private maybePurge(): void {
    const min = this.minLiveStart();
    // sweep when the live range moved on by half a window (half the retention for sessions)
    if (min < this.lastPurge + Math.max(1, Math.min(this.options.windowSizeMs, this.options.retentionMs) / 2)) return;
    this.lastPurge = min;
    for (const [start, ids] of this.byStart) {
      if (start >= min) continue;
      for (const id of ids) {
        const rows = this.byKey.get(id);
        rows?.delete(start);
        if (rows?.size === 0) this.byKey.delete(id);
      }
      this.byStart.delete(start);
    }
  }

  private fetchInner(key: unknown, windowStart: number): ValueAndTimestamp<V> | null {
    if (windowStart < this.minLiveStart()) return null;
    return this.byKey.get(this.id(key))?.get(windowStart)?.value ?? null;
  }

  fetch(key: unknown, windowStart: number): ValueAndTimestamp<V> | null {
    if (this.caching) {
      const d = this.dirty.get(`${this.id(key)}\u0000${windowStart}`);
      if (d) return d.value;
    }
    return this.fetchInner(key, windowStart);
  }

  private rowsOf(key: unknown, timeFrom: number, timeTo: number): KeyValue<number, ValueAndTimestamp<V>>[] {
    const from = Math.max(timeFrom, this.minLiveStart());
    const merged = new Map<number, ValueAndTimestamp<V> | null>();
    for (const row of this.byKey.get(this.id(key))?.values() ?? []) if (row.start >= from && row.start <= timeTo) merged.set(row.start, row.value);
    if (this.caching) {
      const id = this.id(key);
      for (const d of this.dirty.values()) if (d.start >= from && d.start <= timeTo && this.id(d.key) === id) merged.set(d.start, d.value);
    }
    const out: KeyValue<number, ValueAndTimestamp<V>>[] = [];
    for (const [start, value] of merged) if (value !== null) out.push({ key: start, value });
    return out.sort((a, b) => a.key - b.key);
  }

  fetchWindows(key: unknown, timeFrom: number, timeTo: number): KeyValue<number, ValueAndTimestamp<V>>[] {
    return this.rowsOf(key, timeFrom, timeTo);
  }

  backwardFetchWindows(key: unknown, timeFrom: number, timeTo: number): KeyValue<number, ValueAndTimestamp<V>>[] {
    return this.rowsOf(key, timeFrom, timeTo).reverse();
  }

  private rows(timeFrom: number, timeTo: number): { id: KeyId; row: WindowRow<V> }[] {
    const from = Math.max(timeFrom, this.minLiveStart());
    const merged = new Map<string, { id: KeyId; row: WindowRow<V> | null }>();
    for (const [start, ids] of this.byStart) {
      if (start < from || start > timeTo) continue;
      for (const id of ids) {
        const row = this.byKey.get(id)?.get(start);
        if (row) merged.set(`${id}\u0000${start}`, { id, row });
      }
    }
    if (this.caching) {
      for (const [k, d] of this.dirty) {
        if (d.start < from || d.start > timeTo) continue;
        merged.set(k, { id: this.id(d.key), row: d.value === null ? null : { key: d.key, start: d.start, value: d.value } });
      }
    }
    const out: { id: KeyId; row: WindowRow<V> }[] = [];
    for (const e of merged.values()) if (e.row !== null) out.push({ id: e.id, row: e.row });
    return out;
  }

  fetchAll(timeFrom: number, timeTo: number): KeyValue<WindowedKey<unknown>, ValueAndTimestamp<V>>[] {
    const rows = this.rows(timeFrom, timeTo);
    if (this.options.timeOrdered) rows.sort((a, b) => a.row.start - b.row.start || cmp(a.id, b.id));
    else rows.sort((a, b) => cmp(a.id, b.id) || a.row.start - b.row.start);
    return rows.map(({ row }) => ({ key: this.windowed(row.key, row.start), value: row.value }));
  }

  /** every live window, by key, then start */
  all(): KeyValue<WindowedKey<unknown>, ValueAndTimestamp<V>>[] {
    const rows = this.rows(Number.MIN_SAFE_INTEGER, Number.MAX_SAFE_INTEGER);
    rows.sort((a, b) => cmp(a.id, b.id) || a.row.start - b.row.start);
    return rows.map(({ row }) => ({ key: this.windowed(row.key, row.start), value: row.value }));
  }

  flush(): void {
    if (this.dirty.size === 0) return;
    const entries = [...this.dirty.values()];
    this.dirty.clear();
    for (const d of entries) {
      const old = d.value === null || this.sendOldValues ? this.fetchInner(d.key, d.start) : null;
      if (d.value === null && old === null) continue;
      this.putInner(d.key, d.value, d.start);
      this.listener?.({ key: this.windowed(d.key, d.start), newValue: d.value, oldValue: this.sendOldValues ? old : null, timestamp: d.timestamp, headers: undefined });
    }
  }
}

interface SessionRow<V> {
  key: unknown;
  start: number;
  end: number;
  value: V;
}

/** A session store in memory. */
export class InterimSessionStore<V> extends InterimStore implements AggregationSessionStore<unknown, V> {
  /** key id -> "end:start" -> row */
  private readonly byKey = new Map<KeyId, Map<string, SessionRow<V>>>();
  private observedEnd = -1;
  private lastPurge = Number.NEGATIVE_INFINITY;
  private readonly dirty = new Map<string, { key: unknown; start: number; end: number; value: V | null; timestamp: number }>();
  private listener: CacheFlushListener<WindowedKey<unknown>, V> | undefined;
  private sendOldValues = false;

  constructor(
    name: string,
    keySerde: Serde<unknown> | undefined,
    private readonly options: { retentionMs: number; caching: boolean; timeOrdered: boolean },
  ) {
    super(name, keySerde, options.caching);
  }

  setFlushListener(listener: CacheFlushListener<WindowedKey<unknown>, V>, sendOldValues: boolean): boolean {
    if (!this.caching) return false;
    this.listener = listener;
    this.sendOldValues = sendOldValues;
    return true;
  }

  private minLiveEnd(): number {
    return this.observedEnd - this.options.retentionMs + 1;
  }

  put(sessionKey: WindowedKey<unknown>, aggregate: V | null): void {
    const { start, end } = sessionKey.window;
    if (this.caching) {
      const id = `${this.id(sessionKey.key)}\u0000${end}\u0000${start}`;
      this.dirty.delete(id);
      // as Kafka's caching session store: the entry is stamped with the session end
      this.dirty.set(id, { key: sessionKey.key, start, end, value: aggregate, timestamp: end });
      return;
    }
    this.putInner(sessionKey.key, start, end, aggregate);
  }

  remove(sessionKey: WindowedKey<unknown>): void {
    this.put(sessionKey, null);
  }

  private putInner(key: unknown, start: number, end: number, value: V | null): void {
    if (end > this.observedEnd) this.observedEnd = end;
    const id = this.id(key);
    if (value === null) {
      const rows = this.byKey.get(id);
      rows?.delete(`${end}:${start}`);
      if (rows?.size === 0) this.byKey.delete(id);
    } else {
      if (end < this.minLiveEnd()) return;
      let rows = this.byKey.get(id);
      if (!rows) this.byKey.set(id, (rows = new Map()));
      rows.set(`${end}:${start}`, { key, start, end, value });
    }
    this.maybePurge();
  }

  private maybePurge(): void {
    // a time-ordered store (emit on close) reads closed sessions by end time without the retention
    // filter, as Kafka's does; they go when their segment would (here: a minute past retention)
    const min = this.minLiveEnd() - (this.options.timeOrdered ? 60_000 : 0);
    if (min < this.lastPurge + Math.max(1, this.options.retentionMs / 2)) return;
    this.lastPurge = min;
    for (const [id, rows] of this.byKey) {
      for (const [k, row] of rows) if (row.end < min) rows.delete(k);
      if (rows.size === 0) this.byKey.delete(id);
    }
  }

  /** live sessions (store plus cache) as { id, row }, unsorted */
  private live(filter: (start: number, end: number) => boolean, onlyId?: KeyId, ignoreRetention = false): { id: KeyId; row: SessionRow<V> }[] {
    const min = ignoreRetention ? Number.MIN_SAFE_INTEGER : this.minLiveEnd();
    const merged = new Map<string, { id: KeyId; row: SessionRow<V> | null }>();
    const scan = (id: KeyId, rows: Map<string, SessionRow<V>>) => {
      for (const row of rows.values()) if (row.end >= min && filter(row.start, row.end)) merged.set(`${id}\u0000${row.end}\u0000${row.start}`, { id, row });
    };
    if (onlyId !== undefined) {
      const rows = this.byKey.get(onlyId);
      if (rows) scan(onlyId, rows);
    } else {
      for (const [id, rows] of this.byKey) scan(id, rows);
    }
    if (this.caching) {
      for (const [k, d] of this.dirty) {
        const id = this.id(d.key);
        if ((onlyId !== undefined && id !== onlyId) || d.end < min || !filter(d.start, d.end)) continue;
        merged.set(k, { id, row: d.value === null ? null : { key: d.key, start: d.start, end: d.end, value: d.value } });
      }
    }
    const out: { id: KeyId; row: SessionRow<V> }[] = [];
    for (const e of merged.values()) if (e.row !== null) out.push({ id: e.id, row: e.row });
    return out;
  }

  private toKv(row: SessionRow<V>): KeyValue<WindowedKey<unknown>, V> {
    return { key: { key: row.key, window: { start: row.start, end: row.end } }, value: row.value };
  }

  findSessions(key: unknown, earliestSessionEndTime: number, latestSessionStartTime: number): KeyValue<WindowedKey<unknown>, V>[] {
    const rows = this.live((start, end) => end >= earliestSessionEndTime && start <= latestSessionStartTime, this.id(key));
    rows.sort((a, b) => a.row.end - b.row.end || a.row.start - b.row.start);
    return rows.map((r) => this.toKv(r.row));
  }

  findSessionsByEndTime(earliestSessionEndTime: number, latestSessionEndTime: number): KeyValue<WindowedKey<unknown>, V>[] {
    const rows = this.live((_start, end) => end >= earliestSessionEndTime && end <= latestSessionEndTime, undefined, true);
    rows.sort((a, b) => a.row.end - b.row.end || a.row.start - b.row.start || cmp(a.id, b.id));
    return rows.map((r) => this.toKv(r.row));
  }

  fetchSession(key: unknown, start: number, end: number): V | null {
    const found = this.live((s, e) => s === start && e === end, this.id(key));
    return found.length > 0 ? found[0]!.row.value : null;
  }

  all(): KeyValue<WindowedKey<unknown>, V>[] {
    const rows = this.live(() => true);
    rows.sort((a, b) => cmp(a.id, b.id) || a.row.start - b.row.start || a.row.end - b.row.end);
    return rows.map((r) => this.toKv(r.row));
  }

  flush(): void {
    if (this.dirty.size === 0) return;
    const entries = [...this.dirty.values()];
    this.dirty.clear();
    for (const d of entries) {
      const rows = this.byKey.get(this.id(d.key));
      const oldRow = rows?.get(`${d.end}:${d.start}`);
      const old = oldRow && oldRow.end >= this.minLiveEnd() ? oldRow.value : null;
      if (d.value === null && old === null) {
        if (d.end > this.observedEnd) this.observedEnd = d.end;
        continue;
      }
      this.putInner(d.key, d.start, d.end, d.value);
      this.listener?.({ key: { key: d.key, window: { start: d.start, end: d.end } }, newValue: d.value, oldValue: this.sendOldValues ? old : null, timestamp: d.timestamp, headers: undefined });
    }
  }
}

/** A store builder for the interim stores (logging flags are accepted and ignored: no changelog yet). */
export function interimStoreBuilder(name: string, make: (caching: boolean) => StateStore): StoreBuilder<StateStore> {
  let caching = false;
  let logging = true;
  let logConfig: Readonly<Record<string, string>> = {};
  const builder: StoreBuilder<StateStore> = {
    name,
    get cachingEnabled() {
      return caching;
    },
    get loggingEnabled() {
      return logging;
    },
    get logConfig() {
      return logConfig;
    },
    withCachingEnabled() {
      caching = true;
      return builder;
    },
    withCachingDisabled() {
      caching = false;
      return builder;
    },
    withLoggingEnabled(config = {}) {
      logging = true;
      logConfig = config;
      return builder;
    },
    withLoggingDisabled() {
      logging = false;
      return builder;
    },
    build: () => make(caching),
  };
  return builder;
}
