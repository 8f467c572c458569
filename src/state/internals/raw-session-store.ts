import { join } from 'node:path';
import type { StateStore, StateStoreContext } from '../../streams/processor/state-store.js';
import type { BytesTableProvider, BytesTableProviderFactory } from './bytes-table.js';
import type { ChangelogBinding } from './key-value-bytes-store.js';
import type { EntryIterator } from './window-bytes-store.js';
import type { SessionBytesStore, SessionEntry, SessionQuery } from './session-bytes-store.js';
import { Segments } from './segments.js';
import { restoreSegmentedBatch, restoreSegmentedFrom, type SegmentedRestoreTarget } from './segmented-batch-restore.js';
import { maxSuffix, sessionEndAt, sessionEndOf, sessionKeyOf, sessionStartOf, sessionStoreKey } from './window-key-schema.js';
import { StateStoreError, storeNotOpen } from '../errors.js';

/**
 * The innermost layer of a session store: segments (by session end) of tables keyed by Kafka's
 * session key schema `<key><end><start>`. Sessions whose end is older than the retention period
 * (on stream time, the largest session end seen) are dropped.
 */
export class RawSessionStore implements SessionBytesStore {
  private provider: BytesTableProvider | undefined;
  private segments: Segments | undefined;
  private observedStreamTime = -1;
  droppedExpired = 0;

  constructor(
    readonly name: string,
    private readonly backend: BytesTableProviderFactory,
    readonly retentionPeriod: number,
    readonly segmentInterval: number,
  ) {}

  init(context: StateStoreContext, _root: StateStore): void {
    if (this.provider) throw new StateStoreError('STORE_ALREADY_INITIALIZED', `state store ${this.name} is already initialised`);
    this.provider = this.backend.open(join(context.stateDir, this.name));
    this.segments = new Segments(this.provider, this.retentionPeriod, this.segmentInterval);
    this.observedStreamTime = this.segments.newestTime(sessionEndOf);
  }

  private open(): Segments {
    if (!this.segments) throw storeNotOpen(this.name);
    return this.segments;
  }

  flush(): void {
    this.provider?.flush();
  }

  close(): void {
    this.provider?.close();
    this.provider = undefined;
    this.segments = undefined;
  }

  persistent(): boolean {
    return this.backend.persistent;
  }

  isOpen(): boolean {
    return this.segments !== undefined;
  }

  put(key: Buffer, start: number, end: number, value: Buffer | null): void {
    this.putStoreKey(sessionStoreKey(key, start, end), end, value);
  }

  private putStoreKey(storeKey: Buffer, end: number, value: Buffer | null): void {
    const segments = this.open();
    if (end > this.observedStreamTime) this.observedStreamTime = end;
    const segment = segments.getOrCreateIfLive(end, this.observedStreamTime);
    if (!segment) {
      this.droppedExpired++;
      return;
    }
    if (value === null) segment.delete(storeKey);
    else segment.put(storeKey, value);
  }

  fetchSession(key: Buffer, start: number, end: number): Buffer | null {
    const segments = this.open();
    if (end <= this.observedStreamTime - this.retentionPeriod) return null;
    return segments.get(end)?.get(sessionStoreKey(key, start, end)) ?? null;
  }

  *query(q: SessionQuery, includeExpired = false): EntryIterator<SessionEntry> {
    const segments = this.open();
    const earliestEnd = includeExpired ? q.earliestEnd : Math.max(q.earliestEnd, this.observedStreamTime - this.retentionPeriod + 1);
    const latestStart = q.latestStart;
    let lower: Buffer | undefined;
    let upper: Buffer | undefined;
    const single = q.key;
    if (single) {
      lower = sessionStoreKey(single, 0, Math.max(earliestEnd, 0));
      upper = maxSuffix(single, 16);
    } else {
      lower = q.keyFrom ?? undefined;
      upper = q.keyTo ? maxSuffix(q.keyTo, 16) : undefined;
    }
    for (const segment of segments.between(earliestEnd, Number.MAX_SAFE_INTEGER, q.backward)) {
      const it = segment.scan({ from: lower, to: upper, reverse: q.backward });
      try {
        for (const kv of it) {
          const end = sessionEndOf(kv.key);
          const start = sessionStartOf(kv.key);
          if (end < earliestEnd || start > latestStart) continue;
          const k = sessionKeyOf(kv.key);
          if (single) {
            if (!k.equals(single)) continue;
          } else {
            if (q.keyFrom && Buffer.compare(k, q.keyFrom) < 0) continue;
            if (q.keyTo && Buffer.compare(k, q.keyTo) > 0) continue;
          }
          yield { key: k, start, end, value: kv.value };
        }
      } finally {
        it.close();
      }
    }
  }

  approximateNumEntries(): number {
    return this.open().approximateCount();
  }

  /** what a batch restore needs of this store */
  private restoreTarget(): SegmentedRestoreTarget {
    return {
      segments: this.open(),
      timeOf: sessionEndOf,
      timeAt: sessionEndAt,
      observe: (time) => (time > this.observedStreamTime ? (this.observedStreamTime = time) : this.observedStreamTime),
      dropExpired: () => {
        this.droppedExpired++;
      },
    };
  }

  changelogBinding(): ChangelogBinding {
    return {
      restore: (storeKey, value) => this.putStoreKey(storeKey, sessionEndOf(storeKey), value),
      restoreBatch: (records, from, to, valueOf) => restoreSegmentedBatch(this.restoreTarget(), records, from, to, valueOf),
      restoreFrom: (reader, form) => restoreSegmentedFrom(this.restoreTarget(), reader, form),
    };
  }
}
