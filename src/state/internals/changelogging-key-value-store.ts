import type { RecordCollector, StateStore, StateStoreContext } from '../../streams/processor/state-store.js';
import type { KeyValue } from '../key-value.js';
import type { ChangelogBinding, KeyValueBytesStore, StoredValueOf } from './key-value-bytes-store.js';
import { WrappedKeyValueBytesStore } from './abstract-key-value-bytes-store.js';
import { joinTimestamp, rawTimestamp, rawValue } from './value-and-timestamp-bytes.js';

/**
 * Writes every change of the inner store to the changelog topic `<application.id>-<store>-changelog`
 * (Kafka's `ChangeLoggingKeyValueBytesStore`); a delete writes a tombstone. The changelog record
 * carries the timestamp passed by the caching layer, else the current record's timestamp.
 */
export class ChangeLoggingKeyValueStore extends WrappedKeyValueBytesStore {
  protected context: StateStoreContext | undefined;
  protected collector: RecordCollector | undefined;
  protected topic = '';
  protected partition = 0;

  override init(context: StateStoreContext, root: StateStore): void {
    super.init(context, root);
    this.context = context;
    this.collector = context.recordCollector;
    this.topic = context.changelogFor(this.name);
    this.partition = context.changelogPartition;
  }

  protected timestampOf(timestamp: number | undefined): number {
    return timestamp ?? this.context?.currentRecordTimestamp() ?? 0;
  }

  /** what goes to the changelog for a stored value */
  protected log(key: Buffer, value: Buffer | null, timestamp: number | undefined): void {
    this.collector!.send({ topic: this.topic, partition: this.partition, key, value, timestamp: this.timestampOf(timestamp) });
  }

  override put(key: Buffer, value: Buffer | null, timestamp?: number): void {
    this.inner.put(key, value, timestamp);
    this.log(key, value, timestamp);
  }

  override putIfAbsent(key: Buffer, value: Buffer | null, timestamp?: number): Buffer | null {
    const previous = this.inner.putIfAbsent(key, value, timestamp);
    if (previous === null) this.log(key, value, timestamp);
    return previous;
  }

  override putAll(entries: readonly KeyValue<Buffer, Buffer | null>[], timestamp?: number): void {
    this.inner.putAll(entries, timestamp);
    for (const e of entries) this.log(e.key, e.value, timestamp);
  }

  override delete(key: Buffer, timestamp?: number): Buffer | null {
    const old = this.inner.delete(key, timestamp);
    this.log(key, null, timestamp);
    return old;
  }

  override changelogBinding(): ChangelogBinding {
    const inner = this.inner.changelogBinding();
    const binding: ChangelogBinding = { changelogTopic: this.topic, restore: inner.restore };
    if (inner.restoreBatch) binding.restoreBatch = inner.restoreBatch;
    if (inner.restoreFrom) binding.restoreFrom = inner.restoreFrom;
    return binding;
  }
}

/** the stored value of a timestamped store: `<8-byte timestamp><value>` */
const timestampedValueOf: StoredValueOf = (r) => (r.value === null ? null : joinTimestamp(r.timestamp, r.value));

/**
 * Changelogging for timestamped stores, byte-compatible with Kafka Streams: the store holds
 * `<8-byte timestamp><value>`, the changelog record holds the plain value with the timestamp as the
 * record timestamp; restoration joins them again.
 */
export class ChangeLoggingTimestampedKeyValueStore extends ChangeLoggingKeyValueStore {
  protected override log(key: Buffer, value: Buffer | null, timestamp: number | undefined): void {
    if (value === null) super.log(key, null, timestamp);
    else super.log(key, rawValue(value), rawTimestamp(value));
  }

  override changelogBinding(): ChangelogBinding {
    const inner = this.inner.changelogBinding();
    const binding: ChangelogBinding = {
      changelogTopic: this.topic,
      restore: (key, value, timestamp) => inner.restore(key, value === null ? null : joinTimestamp(timestamp, value), timestamp),
    };
    const batch = inner.restoreBatch;
    if (batch) binding.restoreBatch = (records, from, to) => batch(records, from, to, timestampedValueOf);
    const restoreFrom = inner.restoreFrom;
    if (restoreFrom) binding.restoreFrom = (reader) => restoreFrom(reader, 'timestamped');
    return binding;
  }
}

export function changeLogging(inner: KeyValueBytesStore, timestamped: boolean): KeyValueBytesStore {
  return timestamped ? new ChangeLoggingTimestampedKeyValueStore(inner) : new ChangeLoggingKeyValueStore(inner);
}
