import type { StateStore, StateStoreContext } from '../../streams/processor/state-store.js';
import type { Serde, Serializer } from '../../streams/serdes/serde.js';
import type { KeyValue, KeyValueIterator } from '../key-value.js';
import type { KeyValueStore } from '../key-value-store.js';
import type { CacheFlushListener, CachedStateStore } from '../cache-flush-listener.js';
import { plainValueOf, type KeyValueBytesStore } from './key-value-bytes-store.js';
import { CachingKeyValueStore } from './caching-key-value-store.js';
import { MappedKeyValueIterator } from './iterators.js';
import { prefixUpperBound } from './bytes.js';
import { StoreMetrics } from '../store-metrics.js';
import { LastKeyBytes } from './last-key-bytes.js';
import { nullKey } from '../errors.js';

/**
 * The outermost, typed layer of a key-value store (Kafka's `MeteredKeyValueStore`): serdes,
 * operation counters, and the registration of the store with its task.
 */
export class MeteredKeyValueStore<K, V> implements KeyValueStore<K, V>, CachedStateStore<K, V> {
  readonly name: string;
  readonly metrics: StoreMetrics;
  /** the topic name given to the serdes: the changelog topic, as in Kafka Streams */
  private topic = '';
  private readonly lastKey = new LastKeyBytes();

  constructor(
    protected readonly inner: KeyValueBytesStore,
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
    const batch = binding.restoreBatch;
    if (batch) registration.restoreBatch = (records, from, to) => batch(records, from, to, plainValueOf);
    const restoreFrom = binding.restoreFrom;
    if (restoreFrom) registration.restoreFrom = (reader) => restoreFrom(reader, 'plain');
    context.register(registration);
  }

  flush(): void {
    const m = this.metrics;
    m.flushes++;
    if (m.recorder === undefined) return this.inner.flush();
    const t0 = performance.now();
    this.inner.flush();
    m.recorder(this.name, 'flush', performance.now() - t0);
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

  setFlushListener(listener: CacheFlushListener<K, V>, sendOldValues: boolean): boolean {
    if (!(this.inner instanceof CachingKeyValueStore)) return false;
    return this.inner.setFlushListener(
      (e) =>
        listener({
          key: this.keyFrom(e.key),
          newValue: this.valueFrom(e.newValue),
          oldValue: this.valueFrom(e.oldValue),
          timestamp: e.timestamp,
          headers: e.headers,
        }),
      sendOldValues,
    );
  }

  protected keyBytes(key: K): Buffer {
    if (key === null || key === undefined) throw nullKey(this.name);
    const known = this.lastKey.get(key);
    if (known !== undefined) return known;
    const bytes = this.keySerde.serialize(this.topic, key);
    if (bytes === null) throw nullKey(this.name);
    this.lastKey.remember(key, bytes);
    return bytes;
  }

  protected valueBytes(value: V | null): Buffer | null {
    return value === null || value === undefined ? null : this.valueSerde.serialize(this.topic, value);
  }

  protected keyFrom(bytes: Buffer): K {
    return this.keySerde.deserialize(this.topic, bytes) as K;
  }

  protected valueFrom(bytes: Buffer | null): V | null {
    return bytes === null ? null : this.valueSerde.deserialize(this.topic, bytes);
  }

  private typed(open: () => KeyValueIterator<Buffer, Buffer>): KeyValueIterator<K, V> {
    const m = this.metrics;
    m.ranges++;
    // the latency of opening the range (iterating is the caller's time)
    const t0 = m.recorder === undefined ? 0 : performance.now();
    const it = open();
    m.recorder?.(this.name, 'range', performance.now() - t0);
    return new MappedKeyValueIterator(it, (kv) => ({ key: this.keyFrom(kv.key), value: this.valueFrom(kv.value) as V }));
  }

  get(key: K): V | null {
    const m = this.metrics;
    m.gets++;
    if (m.recorder === undefined) return this.valueFrom(this.inner.get(this.keyBytes(key)));
    const t0 = performance.now();
    const v = this.valueFrom(this.inner.get(this.keyBytes(key)));
    m.recorder(this.name, 'get', performance.now() - t0);
    return v;
  }

  put(key: K, value: V | null): void {
    const m = this.metrics;
    m.puts++;
    if (m.recorder === undefined) {
      this.inner.put(this.keyBytes(key), this.valueBytes(value));
      return;
    }
    const t0 = performance.now();
    this.inner.put(this.keyBytes(key), this.valueBytes(value));
    m.recorder(this.name, 'put', performance.now() - t0);
  }

  putIfAbsent(key: K, value: V | null): V | null {
    const m = this.metrics;
    m.puts++;
    if (m.recorder === undefined) return this.valueFrom(this.inner.putIfAbsent(this.keyBytes(key), this.valueBytes(value)));
    const t0 = performance.now();
    const v = this.valueFrom(this.inner.putIfAbsent(this.keyBytes(key), this.valueBytes(value)));
    m.recorder(this.name, 'put', performance.now() - t0);
    return v;
  }

  putAll(entries: readonly KeyValue<K, V | null>[]): void {
    const m = this.metrics;
    m.puts += entries.length;
    const t0 = m.recorder === undefined ? 0 : performance.now();
    this.inner.putAll(entries.map((e) => ({ key: this.keyBytes(e.key), value: this.valueBytes(e.value) })));
    m.recorder?.(this.name, 'put', performance.now() - t0);
  }

  delete(key: K): V | null {
    const m = this.metrics;
    m.deletes++;
    if (m.recorder === undefined) return this.valueFrom(this.inner.delete(this.keyBytes(key)));
    const t0 = performance.now();
    const v = this.valueFrom(this.inner.delete(this.keyBytes(key)));
    m.recorder(this.name, 'delete', performance.now() - t0);
    return v;
  }

  range(from: K | null, to: K | null): KeyValueIterator<K, V> {
    return this.typed(() => this.inner.scan({ from: this.boundBytes(from), to: this.boundBytes(to) }));
  }

  reverseRange(from: K | null, to: K | null): KeyValueIterator<K, V> {
    return this.typed(() => this.inner.scan({ from: this.boundBytes(from), to: this.boundBytes(to), reverse: true }));
  }

  all(): KeyValueIterator<K, V> {
    return this.typed(() => this.inner.scan({}));
  }

  reverseAll(): KeyValueIterator<K, V> {
    return this.typed(() => this.inner.scan({ reverse: true }));
  }

  prefixScan<P>(prefix: P, prefixKeySerializer: Serializer<P>): KeyValueIterator<K, V> {
    const bytes = prefixKeySerializer.serialize(this.topic, prefix) ?? Buffer.alloc(0);
    const upper = prefixUpperBound(bytes);
    return this.typed(() => this.inner.scan({ from: bytes, to: upper, toExclusive: upper !== null }));
  }

  approximateNumEntries(): number {
    return this.inner.approximateNumEntries();
  }

  private boundBytes(key: K | null): Buffer | null {
    return key === null || key === undefined ? null : this.keyBytes(key);
  }
}
