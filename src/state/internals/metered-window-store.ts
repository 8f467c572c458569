import { plainValueOf } from './key-value-bytes-store.js';
import type { StateStore, StateStoreContext } from '../../streams/processor/state-store.js';
import type { Serde } from '../../streams/serdes/serde.js';
import type { KeyValue, KeyValueIterator } from '../key-value.js';
import type { WindowStore, WindowStoreIterator } from '../window-store.js';
import type { WindowedKey, WindowedKeyFactory } from '../windowed.js';
import type { EntryIterator, WindowBytesStore, WindowEntry, WindowQuery } from './window-bytes-store.js';
import type { CacheFlushListener, CachedStateStore } from '../cache-flush-listener.js';
import { GeneratorKeyValueIterator } from './iterators.js';
import { CachingWindowStore } from './caching-window-store.js';
import { StoreMetrics } from '../store-metrics.js';
import { plainWindowedKey } from '../windowed.js';
import { LastKeyBytes } from './last-key-bytes.js';
import { nullKey } from '../errors.js';

function* mapEntries<T>(source: EntryIterator<WindowEntry>, map: (e: WindowEntry) => T): Generator<T, void, undefined> {
  try {
    for (const e of source) yield map(e);
  } finally {
    source.return();
  }
}

/** The typed outer layer of a window store (Kafka's `MeteredWindowStore`). */
export class MeteredWindowStore<K, V> implements WindowStore<K, V>, CachedStateStore<WindowedKey<K>, V> {
  readonly name: string;
  readonly metrics: StoreMetrics;
  private readonly lastKey = new LastKeyBytes();
  private topic = '';
  /** makes the windowed keys returned by range fetches; the DSL may set its own `Windowed` class */
  windowedKeyFactory: WindowedKeyFactory = plainWindowedKey;

  constructor(
    protected readonly inner: WindowBytesStore,
    readonly windowSize: number,
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

  setFlushListener(listener: CacheFlushListener<WindowedKey<K>, V>, sendOldValues: boolean): boolean {
    if (!(this.inner instanceof CachingWindowStore)) return false;
    return this.inner.setFlushListener(
      (e) =>
        listener({
          key: this.windowedKeyFactory(this.keySerde.deserialize(this.topic, e.key) as K, e.windowStart, Math.min(e.windowStart + this.windowSize, Number.MAX_SAFE_INTEGER)),
          newValue: this.valueFrom(e.newValue),
          oldValue: this.valueFrom(e.oldValue),
          timestamp: e.timestamp,
          headers: e.headers,
        }),
      sendOldValues,
    );
  }

  private keyBytes(key: K): Buffer {
    if (key === null || key === undefined) throw nullKey(this.name);
    const known = this.lastKey.get(key);
    if (known !== undefined) return known;
    const b = this.keySerde.serialize(this.topic, key);
    if (b === null) throw nullKey(this.name);
    this.lastKey.remember(key, b);
    return b;
  }

  private valueFrom(bytes: Buffer | null): V | null {
    return bytes === null ? null : this.valueSerde.deserialize(this.topic, bytes);
  }

  put(key: K, value: V | null, windowStart: number): void {
    const m = this.metrics;
    m.puts++;
    const t0 = m.recorder === undefined ? 0 : performance.now();
    const bytes = value === null || value === undefined ? null : this.valueSerde.serialize(this.topic, value);
    this.inner.put(this.keyBytes(key), bytes, windowStart);
    m.recorder?.(this.name, 'put', performance.now() - t0);
  }

  fetch(key: K, windowStart: number): V | null {
    const m = this.metrics;
    m.gets++;
    if (m.recorder === undefined) return this.valueFrom(this.inner.fetch(this.keyBytes(key), windowStart));
    const t0 = performance.now();
    const v = this.valueFrom(this.inner.fetch(this.keyBytes(key), windowStart));
    m.recorder(this.name, 'fetch', performance.now() - t0);
    return v;
  }

  private windows(key: K, timeFrom: number, timeTo: number, backward: boolean): WindowStoreIterator<V> {
    this.metrics.ranges++;
    const source = this.inner.query({ key: this.keyBytes(key), timeFrom, timeTo, backward });
    return new GeneratorKeyValueIterator(mapEntries(source, (e): KeyValue<number, V> => ({ key: e.windowStart, value: this.valueFrom(e.value) as V })));
  }

  private windowed(query: WindowQuery): KeyValueIterator<WindowedKey<K>, V> {
    this.metrics.ranges++;
    const size = this.windowSize;
    const make = this.windowedKeyFactory;
    return new GeneratorKeyValueIterator(
      mapEntries(this.inner.query(query), (e): KeyValue<WindowedKey<K>, V> => ({
        key: make(this.keySerde.deserialize(this.topic, e.key) as K, e.windowStart, Math.min(e.windowStart + size, Number.MAX_SAFE_INTEGER)),
        value: this.valueFrom(e.value) as V,
      })),
    );
  }

  private bound(key: K | null): Buffer | null {
    return key === null || key === undefined ? null : this.keyBytes(key);
  }

  fetchWindows(key: K, timeFrom: number, timeTo: number): WindowStoreIterator<V> {
    return this.windows(key, timeFrom, timeTo, false);
  }

  backwardFetchWindows(key: K, timeFrom: number, timeTo: number): WindowStoreIterator<V> {
    return this.windows(key, timeFrom, timeTo, true);
  }

  fetchKeyRange(keyFrom: K | null, keyTo: K | null, timeFrom: number, timeTo: number): KeyValueIterator<WindowedKey<K>, V> {
    return this.windowed({ keyFrom: this.bound(keyFrom), keyTo: this.bound(keyTo), timeFrom, timeTo, backward: false });
  }

  backwardFetchKeyRange(keyFrom: K | null, keyTo: K | null, timeFrom: number, timeTo: number): KeyValueIterator<WindowedKey<K>, V> {
    return this.windowed({ keyFrom: this.bound(keyFrom), keyTo: this.bound(keyTo), timeFrom, timeTo, backward: true });
  }

  fetchAll(timeFrom: number, timeTo: number): KeyValueIterator<WindowedKey<K>, V> {
    return this.windowed({ timeFrom, timeTo, backward: false });
  }

  backwardFetchAll(timeFrom: number, timeTo: number): KeyValueIterator<WindowedKey<K>, V> {
    return this.windowed({ timeFrom, timeTo, backward: true });
  }

  all(): KeyValueIterator<WindowedKey<K>, V> {
    return this.fetchAll(Number.MIN_SAFE_INTEGER, Number.MAX_SAFE_INTEGER);
  }

  backwardAll(): KeyValueIterator<WindowedKey<K>, V> {
    return this.backwardFetchAll(Number.MIN_SAFE_INTEGER, Number.MAX_SAFE_INTEGER);
  }

  approximateNumEntries(): number {
    return this.inner.approximateNumEntries();
  }
}
