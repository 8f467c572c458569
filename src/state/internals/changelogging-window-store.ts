import type { RecordCollector, StateStore, StateStoreContext } from '../../streams/processor/state-store.js';
import type { ChangelogBinding, StoredValueOf } from './key-value-bytes-store.js';
import type { EntryIterator, WindowBytesStore, WindowEntry, WindowQuery } from './window-bytes-store.js';
import { joinTimestamp, rawTimestamp, rawValue } from './value-and-timestamp-bytes.js';

/**
 * Logs every window written to `<app>-<store>-changelog`, keyed by the window key schema bytes
 * (key, start, seqnum) as Kafka Streams does. Timestamped stores log the plain value with the value
 * timestamp as the record timestamp.
 */
export class ChangeLoggingWindowStore implements WindowBytesStore {
  readonly name: string;
  private context: StateStoreContext | undefined;
  private collector: RecordCollector | undefined;
  private topic = '';
  private partition = 0;

  constructor(
    private readonly inner: WindowBytesStore,
    private readonly timestamped: boolean,
  ) {
    this.name = inner.name;
  }

  get retainDuplicates(): boolean {
    return this.inner.retainDuplicates;
  }

  init(context: StateStoreContext, root: StateStore): void {
    this.inner.init(context, root);
    this.context = context;
    this.collector = context.recordCollector;
    this.topic = context.changelogFor(this.name);
    this.partition = context.changelogPartition;
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

  put(key: Buffer, value: Buffer | null, windowStart: number, timestamp?: number, knownStoreKey?: Buffer): Buffer | null {
    const storeKey = this.inner.put(key, value, windowStart, timestamp, knownStoreKey);
    if (storeKey !== null) {
      const ts = timestamp ?? this.context!.currentRecordTimestamp();
      if (this.timestamped && value !== null) {
        this.collector!.send({ topic: this.topic, partition: this.partition, key: storeKey, value: rawValue(value), timestamp: rawTimestamp(value) });
      } else {
        this.collector!.send({ topic: this.topic, partition: this.partition, key: storeKey, value, timestamp: ts });
      }
    }
    return storeKey;
  }

  fetch(key: Buffer, windowStart: number): Buffer | null {
    return this.inner.fetch(key, windowStart);
  }

  query(query: WindowQuery): EntryIterator<WindowEntry> {
    return this.inner.query(query);
  }

  approximateNumEntries(): number {
    return this.inner.approximateNumEntries();
  }

  changelogBinding(): ChangelogBinding {
    const inner = this.inner.changelogBinding();
    const restore = this.timestamped
      ? (key: Buffer, value: Buffer | null, timestamp: number) => inner.restore(key, value === null ? null : joinTimestamp(timestamp, value), timestamp)
      : inner.restore;
    const binding: ChangelogBinding = { changelogTopic: this.topic, restore };
    const batch = inner.restoreBatch;
    if (batch) binding.restoreBatch = this.timestamped ? (records, from, to) => batch(records, from, to, timestampedValueOf) : batch;
    const restoreFrom = inner.restoreFrom;
    if (restoreFrom) binding.restoreFrom = this.timestamped ? (reader) => restoreFrom(reader, 'timestamped') : restoreFrom;
    return binding;
  }
}

/** the stored value of a timestamped window store: `<8-byte timestamp><value>` */
const timestampedValueOf: StoredValueOf = (r) => (r.value === null ? null : joinTimestamp(r.timestamp, r.value));
