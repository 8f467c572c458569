import type { StateStore } from '../../streams/processor/state-store.js';
import type { ChangelogBinding } from './key-value-bytes-store.js';
import type { EntryIterator } from './window-bytes-store.js';

export interface SessionEntry {
  readonly key: Buffer;
  readonly start: number;
  readonly end: number;
  readonly value: Buffer;
}

/** Sessions of one key (`key`) or a key range that end at or after `earliestEnd` and start at or before `latestStart`. */
export interface SessionQuery {
  key?: Buffer;
  keyFrom?: Buffer | null;
  keyTo?: Buffer | null;
  earliestEnd: number;
  latestStart: number;
  backward: boolean;
}

/** The inner (bytes) layers of a session store. */
export interface SessionBytesStore extends StateStore {
  put(key: Buffer, start: number, end: number, value: Buffer | null, timestamp?: number): void;
  fetchSession(key: Buffer, start: number, end: number): Buffer | null;
  query(query: SessionQuery): EntryIterator<SessionEntry>;
  approximateNumEntries(): number;
  changelogBinding(): ChangelogBinding;
}

/** Creates the raw bytes store of a session store (Kafka's `SessionBytesStoreSupplier`). */
export interface SessionBytesStoreSupplier {
  readonly name: string;
  readonly metricsScope: string;
  readonly persistent: boolean;
  readonly retentionPeriod: number;
  readonly segmentInterval: number;
  get(): SessionBytesStore;
}
