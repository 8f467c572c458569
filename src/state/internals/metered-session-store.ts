import { plainValueOf } from './key-value-bytes-store.js';
import type { StateStore, StateStoreContext } from '../../streams/processor/state-store.js';
import type { Serde } from '../../streams/serdes/serde.js';
import type { KeyValue, KeyValueIterator } from '../key-value.js';
import type { SessionStore } from '../session-store.js';
import type { WindowedKey, WindowedKeyFactory } from '../windowed.js';
import type { SessionBytesStore, SessionQuery } from './session-bytes-store.js';
import type { CacheFlushListener, CachedStateStore } from '../cache-flush-listener.js';
import { GeneratorKeyValueIterator } from './iterators.js';
import { CachingSessionStore } from './caching-session-store.js';
import { StoreMetrics } from '../store-metrics.js';
import { plainWindowedKey } from '../windowed.js';
import { nullKey } from '../errors.js';

const MIN = Number.MIN_SAFE_INTEGER;
const MAX = Number.MAX_SAFE_INTEGER;

/** The typed outer layer of a session store (Kafka's `MeteredSessionStore`). */
export class MeteredSessionStore<K, AGG> implements SessionStore<K, AGG>, CachedStateStore<WindowedKey<K>, AGG> {
  readonly name: string;
  readonly metrics: StoreMetrics;
  private topic = '';
  /** makes the windowed keys returned; the DSL may set its own `Windowed`/`SessionWindow` classes */
  windowedKeyFactory: WindowedKeyFactory = plainWindowedKey;

  constructor(
    protected readonly inner: SessionBytesStore,
    readonly keySerde: Serde<K>,
    readonly valueSerde: Serde<AGG>,
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

  setFlushListener(listener: CacheFlushListener<WindowedKey<K>, AGG>, sendOldValues: boolean): boolean {
    if (!(this.inner instanceof CachingSessionStore)) return false;
    const value = (b: Buffer | null): AGG | null => (b === null ? null : this.valueSerde.deserialize(this.topic, b));
    return this.inner.setFlushListener(
      (e) =>
        listener({
          key: this.windowedKeyFactory(this.keySerde.deserialize(this.topic, e.key) as K, e.start, e.end),
          newValue: value(e.newValue),
          oldValue: value(e.oldValue),
          timestamp: e.timestamp,
          headers: e.headers,
        }),
      sendOldValues,
    );
  }

  private keyBytes(key: K): Buffer {
    if (key === null || key === undefined) throw nullKey(this.name);
    const b = this.keySerde.serialize(this.topic, key);
    if (b === null) throw nullKey(this.name);
    return b;
  }

  private bound(key: K | null): Buffer | null {
    return key === null || key === undefined ? null : this.keyBytes(key);
  }

  put(sessionKey: WindowedKey<K>, aggregate: AGG | null): void {
    const m = this.metrics;
    m.puts++;
    const t0 = m.recorder === undefined ? 0 : performance.now();
    const bytes = aggregate === null || aggregate === undefined ? null : this.valueSerde.serialize(this.topic, aggregate);
    this.inner.put(this.keyBytes(sessionKey.key), sessionKey.window.start, sessionKey.window.end, bytes);
    m.recorder?.(this.name, 'put', performance.now() - t0);
  }

  remove(sessionKey: WindowedKey<K>): void {
    const m = this.metrics;
    m.deletes++;
    const t0 = m.recorder === undefined ? 0 : performance.now();
    this.inner.put(this.keyBytes(sessionKey.key), sessionKey.window.start, sessionKey.window.end, null);
    m.recorder?.(this.name, 'remove', performance.now() - t0);
  }

  fetchSession(key: K, sessionStart: number, sessionEnd: number): AGG | null {
    this.metrics.gets++;
    const b = this.inner.fetchSession(this.keyBytes(key), sessionStart, sessionEnd);
    return b === null ? null : this.valueSerde.deserialize(this.topic, b);
  }

  private sessions(q: SessionQuery): KeyValueIterator<WindowedKey<K>, AGG> {
    this.metrics.ranges++;
    const source = this.inner.query(q);
    const make = this.windowedKeyFactory;
    const topic = this.topic;
    const keySerde = this.keySerde;
    const valueSerde = this.valueSerde;
    function* mapped(): Generator<KeyValue<WindowedKey<K>, AGG>, void, undefined> {
      try {
        for (const e of source) {
          yield { key: make(keySerde.deserialize(topic, e.key) as K, e.start, e.end), value: valueSerde.deserialize(topic, e.value) as AGG };
        }
      } finally {
        source.return();
      }
    }
    return new GeneratorKeyValueIterator(mapped());
  }

  findSessions(key: K, earliestSessionEnd: number, latestSessionStart: number): KeyValueIterator<WindowedKey<K>, AGG> {
    return this.sessions({ key: this.keyBytes(key), earliestEnd: earliestSessionEnd, latestStart: latestSessionStart, backward: false });
  }

  backwardFindSessions(key: K, earliestSessionEnd: number, latestSessionStart: number): KeyValueIterator<WindowedKey<K>, AGG> {
    return this.sessions({ key: this.keyBytes(key), earliestEnd: earliestSessionEnd, latestStart: latestSessionStart, backward: true });
  }

  findSessionsInKeyRange(keyFrom: K | null, keyTo: K | null, earliestSessionEnd: number, latestSessionStart: number): KeyValueIterator<WindowedKey<K>, AGG> {
    return this.sessions({ keyFrom: this.bound(keyFrom), keyTo: this.bound(keyTo), earliestEnd: earliestSessionEnd, latestStart: latestSessionStart, backward: false });
  }

  backwardFindSessionsInKeyRange(
    keyFrom: K | null,
    keyTo: K | null,
    earliestSessionEnd: number,
    latestSessionStart: number,
  ): KeyValueIterator<WindowedKey<K>, AGG> {
    return this.sessions({ keyFrom: this.bound(keyFrom), keyTo: this.bound(keyTo), earliestEnd: earliestSessionEnd, latestStart: latestSessionStart, backward: true });
  }

  fetch(key: K): KeyValueIterator<WindowedKey<K>, AGG> {
    return this.findSessions(key, MIN, MAX);
  }

  backwardFetch(key: K): KeyValueIterator<WindowedKey<K>, AGG> {
    return this.backwardFindSessions(key, MIN, MAX);
  }

  fetchKeyRange(keyFrom: K | null, keyTo: K | null): KeyValueIterator<WindowedKey<K>, AGG> {
    return this.findSessionsInKeyRange(keyFrom, keyTo, MIN, MAX);
  }

  backwardFetchKeyRange(keyFrom: K | null, keyTo: K | null): KeyValueIterator<WindowedKey<K>, AGG> {
    return this.backwardFindSessionsInKeyRange(keyFrom, keyTo, MIN, MAX);
  }

  approximateNumEntries(): number {
    return this.inner.approximateNumEntries();
  }
}
