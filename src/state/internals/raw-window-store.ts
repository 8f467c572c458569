import { join } from 'node:path';
import type { StateStore, StateStoreContext } from '../../streams/processor/state-store.js';
import type { BytesTableProvider, BytesTableProviderFactory } from './bytes-table.js';
import type { ChangelogBinding } from './key-value-bytes-store.js';
import type { EntryIterator, WindowBytesStore, WindowEntry, WindowQuery } from './window-bytes-store.js';
import { Segments } from './segments.js';
import { restoreSegmentedBatch, restoreSegmentedFrom, type SegmentedRestoreTarget } from './segmented-batch-restore.js';
import { maxSuffix, windowKeyOf, windowStartAt, windowStartOf, windowStoreKey } from './window-key-schema.js';
import { StateStoreError, storeNotOpen } from '../errors.js';

const MAX_SEQNUM = 0x7fffffff;

/**
 * The innermost layer of a window store: segments of tables keyed by Kafka's window key schema.
 * In memory and on LMDB alike, so both backends return entries in the same order: by segment,
 * then key bytes, then window start (RocksDB's order in Kafka Streams).
 */
export class RawWindowStore implements WindowBytesStore {
  private provider: BytesTableProvider | undefined;
  private segments: Segments | undefined;
  private observedStreamTime = -1;
  private seqnum = 0;
  /** records dropped because their window had expired when they arrived */
  droppedExpired = 0;

  constructor(
    readonly name: string,
    private readonly backend: BytesTableProviderFactory,
    readonly retentionPeriod: number,
    readonly segmentInterval: number,
    readonly retainDuplicates: boolean,
  ) {}

  init(context: StateStoreContext, _root: StateStore): void {
    if (this.provider) throw new StateStoreError('STORE_ALREADY_INITIALIZED', `state store ${this.name} is already initialised`);
    this.provider = this.backend.open(join(context.stateDir, this.name));
    this.segments = new Segments(this.provider, this.retentionPeriod, this.segmentInterval);
    // a reopened persistent store: stream time is at least the newest window it holds
    this.observedStreamTime = this.segments.newestTime(windowStartOf);
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

  put(key: Buffer, value: Buffer | null, windowStart: number, _timestamp?: number, knownStoreKey?: Buffer): Buffer | null {
    if (value === null && this.retainDuplicates) return null;
    if (this.retainDuplicates) this.seqnum = (this.seqnum + 1) & MAX_SEQNUM;
    const storeKey = !this.retainDuplicates && knownStoreKey !== undefined ? knownStoreKey : windowStoreKey(key, windowStart, this.retainDuplicates ? this.seqnum : 0);
    this.putStoreKey(storeKey, value, windowStart);
    return storeKey;
  }

  private putStoreKey(storeKey: Buffer, value: Buffer | null, windowStart: number): void {
    const segments = this.open();
    if (windowStart > this.observedStreamTime) this.observedStreamTime = windowStart;
    const segment = segments.getOrCreateIfLive(windowStart, this.observedStreamTime);
    if (!segment) {
      this.droppedExpired++;
      return;
    }
    if (value === null) segment.delete(storeKey);
    else segment.put(storeKey, value);
  }

  fetch(key: Buffer, windowStart: number): Buffer | null {
    const segments = this.open();
    if (windowStart <= this.observedStreamTime - this.retentionPeriod) return null;
    if (!this.retainDuplicates) return segments.get(windowStart)?.get(windowStoreKey(key, windowStart, 0)) ?? null;
    const it = this.query({ key, timeFrom: windowStart, timeTo: windowStart, backward: false });
    const first = it.next();
    it.return();
    return first.done ? null : first.value.value;
  }

  /** windows older than the retention period are not returned (unless `includeExpired`) */
  *query(q: WindowQuery, includeExpired = false): EntryIterator<WindowEntry> {
    const segments = this.open();
    const from = includeExpired ? q.timeFrom : Math.max(q.timeFrom, this.observedStreamTime - this.retentionPeriod + 1);
    const to = q.timeTo;
    if (from > to) return;
    let lower: Buffer | undefined;
    let upper: Buffer | undefined;
    const single = q.key;
    if (single) {
      lower = windowStoreKey(single, Math.max(from, 0), 0);
      upper = windowStoreKey(single, to, MAX_SEQNUM);
    } else {
      lower = q.keyFrom ?? undefined;
      upper = q.keyTo ? maxSuffix(q.keyTo, 12) : undefined;
    }
    for (const segment of segments.between(from, to, q.backward)) {
      const it = segment.scan({ from: lower, to: upper, reverse: q.backward });
      try {
        for (const kv of it) {
          const ts = windowStartOf(kv.key);
          if (ts < from || ts > to) continue;
          const k = windowKeyOf(kv.key);
          if (single) {
            if (!k.equals(single)) continue;
          } else {
            if (q.keyFrom && Buffer.compare(k, q.keyFrom) < 0) continue;
            if (q.keyTo && Buffer.compare(k, q.keyTo) > 0) continue;
          }
          yield { key: k, windowStart: ts, value: kv.value };
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
      timeOf: windowStartOf,
      timeAt: windowStartAt,
      observe: (time) => (time > this.observedStreamTime ? (this.observedStreamTime = time) : this.observedStreamTime),
      dropExpired: () => {
        this.droppedExpired++;
      },
    };
  }

  changelogBinding(): ChangelogBinding {
    return {
      restore: (storeKey, value) => {
        this.putStoreKey(storeKey, value, windowStartOf(storeKey));
      },
      restoreBatch: (records, from, to, valueOf) => restoreSegmentedBatch(this.restoreTarget(), records, from, to, valueOf),
      restoreFrom: (reader, form) => restoreSegmentedFrom(this.restoreTarget(), reader, form),
    };
  }
}
