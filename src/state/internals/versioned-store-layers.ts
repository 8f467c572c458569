import type { StateStore, StateStoreContext } from '../../streams/processor/state-store.js';
import type { Serde } from '../../streams/serdes/serde.js';
import type { VersionedKeyValueStore, VersionedRecord } from '../versioned-key-value-store.js';
import type { ChangelogBinding } from './key-value-bytes-store.js';
import type { VersionedBytesRecord } from './raw-versioned-store.js';
import { StoreMetrics } from '../store-metrics.js';
import { nullKey } from '../errors.js';

/** What the layers of a versioned store share. */
export interface VersionedBytesStore extends StateStore {
  put(key: Buffer, value: Buffer | null, timestamp: number): number;
  get(key: Buffer, asOf?: number): VersionedBytesRecord | null;
  approximateNumEntries(): number;
  changelogBinding(): ChangelogBinding;
}

/** Logs each put as `<key, value>` with the put timestamp as record timestamp (Kafka's format). */
export class ChangeLoggingVersionedStore implements VersionedBytesStore {
  readonly name: string;
  private context: StateStoreContext | undefined;
  private topic = '';

  constructor(private readonly inner: VersionedBytesStore) {
    this.name = inner.name;
  }

  init(context: StateStoreContext, root: StateStore): void {
    this.inner.init(context, root);
    this.context = context;
    this.topic = context.changelogFor(this.name);
  }

  put(key: Buffer, value: Buffer | null, timestamp: number): number {
    const validTo = this.inner.put(key, value, timestamp);
    const ctx = this.context!;
    ctx.recordCollector.send({ topic: this.topic, partition: ctx.changelogPartition, key, value, timestamp });
    return validTo;
  }

  get(key: Buffer, asOf?: number): VersionedBytesRecord | null {
    return this.inner.get(key, asOf);
  }

  approximateNumEntries(): number {
    return this.inner.approximateNumEntries();
  }

  changelogBinding(): ChangelogBinding {
    return { changelogTopic: this.topic, restore: this.inner.changelogBinding().restore };
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

/** The typed outer layer of a versioned store (Kafka's `MeteredVersionedKeyValueStore`). */
export class MeteredVersionedKeyValueStore<K, V> implements VersionedKeyValueStore<K, V> {
  readonly name: string;
  readonly metrics: StoreMetrics;
  private topic = '';

  constructor(
    private readonly inner: VersionedBytesStore,
    readonly keySerde: Serde<K>,
    readonly valueSerde: Serde<V>,
    metricsScope: string,
  ) {
    this.name = inner.name;
    this.metrics = new StoreMetrics(this.name, metricsScope);
  }

  init(context: StateStoreContext, root: StateStore): void {
    this.topic = context.changelogFor(this.name);
    this.inner.init(context, root);
    const binding = this.inner.changelogBinding();
    const registration: Parameters<StateStoreContext['register']>[0] = { store: root, restore: binding.restore };
    if (binding.changelogTopic !== undefined) registration.changelogTopic = binding.changelogTopic;
    context.register(registration);
  }

  private keyBytes(key: K): Buffer {
    if (key === null || key === undefined) throw nullKey(this.name);
    const b = this.keySerde.serialize(this.topic, key);
    if (b === null) throw nullKey(this.name);
    return b;
  }

  private record(r: VersionedBytesRecord | null): VersionedRecord<V> | null {
    if (r === null) return null;
    const value = this.valueSerde.deserialize(this.topic, r.value) as V;
    return r.validTo === undefined ? { value, timestamp: r.timestamp } : { value, timestamp: r.timestamp, validTo: r.validTo };
  }

  put(key: K, value: V | null, timestamp: number): number {
    this.metrics.puts++;
    const bytes = value === null || value === undefined ? null : this.valueSerde.serialize(this.topic, value);
    return this.inner.put(this.keyBytes(key), bytes, timestamp);
  }

  delete(key: K, timestamp: number): VersionedRecord<V> | null {
    this.metrics.deletes++;
    const k = this.keyBytes(key);
    const old = this.inner.get(k, timestamp);
    this.inner.put(k, null, timestamp);
    return this.record(old);
  }

  get(key: K, asOfTimestamp?: number): VersionedRecord<V> | null {
    this.metrics.gets++;
    return this.record(this.inner.get(this.keyBytes(key), asOfTimestamp));
  }

  approximateNumEntries(): number {
    return this.inner.approximateNumEntries();
  }

  flush(): void {
    this.metrics.flushes++;
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
