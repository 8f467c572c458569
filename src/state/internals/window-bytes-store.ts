import type { StateStore } from '../../streams/processor/state-store.js';
import type { ChangelogBinding } from './key-value-bytes-store.js';

/** One stored window of a key. */
export interface WindowEntry {
  readonly key: Buffer;
  readonly windowStart: number;
  readonly value: Buffer;
}

/** A fetch: one key (`key`) or a key range (null bounds open), window starts in [timeFrom, timeTo]. */
export interface WindowQuery {
  key?: Buffer;
  keyFrom?: Buffer | null;
  keyTo?: Buffer | null;
  timeFrom: number;
  timeTo: number;
  backward: boolean;
}

/** An iterator that may hold a read snapshot: `return()` releases it. */
export type EntryIterator<T> = Generator<T, void, undefined>;

/** The inner (bytes) layers of a window store. */
export interface WindowBytesStore extends StateStore {
  readonly retainDuplicates: boolean;
  /**
   * Stores a window; returns the store key it was written under (what the changelog carries), or
   * null when nothing was written (a null value while duplicates are retained). `storeKey`, when
   * the caller has it already: the window store key of (key, windowStart, seqnum 0), owned by the
   * store afterwards (ignored when duplicates are retained).
   */
  put(key: Buffer, value: Buffer | null, windowStart: number, timestamp?: number, storeKey?: Buffer): Buffer | null;
  fetch(key: Buffer, windowStart: number): Buffer | null;
  query(query: WindowQuery): EntryIterator<WindowEntry>;
  approximateNumEntries(): number;
  changelogBinding(): ChangelogBinding;
}

/** Creates the raw bytes store of a window store (Kafka's `WindowBytesStoreSupplier`). */
export interface WindowBytesStoreSupplier {
  readonly name: string;
  readonly metricsScope: string;
  readonly persistent: boolean;
  readonly timestamped: boolean;
  readonly retentionPeriod: number;
  readonly windowSize: number;
  readonly segmentInterval: number;
  readonly retainDuplicates: boolean;
  get(): WindowBytesStore;
}
