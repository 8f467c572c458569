import type { RecordCollector, StateStore, StateStoreContext } from '../../streams/processor/state-store.js';
import type { ChangelogBinding } from './key-value-bytes-store.js';
import type { EntryIterator } from './window-bytes-store.js';
import type { SessionBytesStore, SessionEntry, SessionQuery } from './session-bytes-store.js';
import { sessionStoreKey } from './window-key-schema.js';

/** Logs every session written (key: Kafka's session key schema bytes; null value: removed). */
export class ChangeLoggingSessionStore implements SessionBytesStore {
  readonly name: string;
  private context: StateStoreContext | undefined;
  private collector: RecordCollector | undefined;
  private topic = '';
  private partition = 0;

  constructor(private readonly inner: SessionBytesStore) {
    this.name = inner.name;
  }

  init(context: StateStoreContext, root: StateStore): void {
    this.inner.init(context, root);
    this.context = context;
    this.collector = context.recordCollector;
    this.topic = context.changelogFor(this.name);
    this.partition = context.changelogPartition;
  }

  put(key: Buffer, start: number, end: number, value: Buffer | null, timestamp?: number): void {
    this.inner.put(key, start, end, value, timestamp);
    this.collector!.send({
      topic: this.topic,
      partition: this.partition,
      key: sessionStoreKey(key, start, end),
      value,
      timestamp: timestamp ?? this.context!.currentRecordTimestamp(),
    });
  }

  fetchSession(key: Buffer, start: number, end: number): Buffer | null {
    return this.inner.fetchSession(key, start, end);
  }

  query(query: SessionQuery): EntryIterator<SessionEntry> {
    return this.inner.query(query);
  }

  approximateNumEntries(): number {
    return this.inner.approximateNumEntries();
  }

  changelogBinding(): ChangelogBinding {
    const inner = this.inner.changelogBinding();
    const binding: ChangelogBinding = { changelogTopic: this.topic, restore: inner.restore };
    if (inner.restoreBatch) binding.restoreBatch = inner.restoreBatch;
    if (inner.restoreFrom) binding.restoreFrom = inner.restoreFrom;
    return binding;
  }

  flush(): void {
    this.inner.flush();
  }

  close(): void {
    this.inner.close();
  }

  persistent(): boolean {
    return this.inner.persistent();
  }

  isOpen(): boolean {
    return this.inner.isOpen();
  }
}
