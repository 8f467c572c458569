import type { StateStore, StateStoreContext } from '../streams/processor/state-store.js';
import type { Serializer } from '../streams/serdes/serde.js';
import type { KeyValue, KeyValueIterator } from '../state/key-value.js';
import type { KeyValueStore, TimestampedKeyValueStore, ValueAndTimestamp } from '../state/key-value-store.js';
import type { TimestampedWindowStore, WindowStore, WindowStoreIterator } from '../state/window-store.js';
import type { WindowedKey } from '../state/windowed.js';
import { ValueAndTimestampSerde } from '../state/value-and-timestamp-serde.js';

/** Whether a built store keeps `ValueAndTimestamp` values (the DSL's stores do). */
export function isTimestampedStore(store: StateStore): boolean {
  return (store as { valueSerde?: unknown }).valueSerde instanceof ValueAndTimestampSerde;
}

/** Kafka's "no timestamp" for values written through a facade. */
const NO_TIMESTAMP = -1;

function mapIterator<K, A, B>(inner: KeyValueIterator<K, A>, map: (a: A) => B): KeyValueIterator<K, B> {
  const it: KeyValueIterator<K, B> = {
    next(): IteratorResult<KeyValue<K, B>> {
      const r = inner.next();
      if (r.done) return { done: true, value: undefined };
      return { done: false, value: { key: r.value.key, value: map(r.value.value) } };
    },
    close: () => inner.close(),
    peekNextKey: () => inner.peekNextKey(),
    return(): IteratorResult<KeyValue<K, B>> {
      inner.close();
      return { done: true, value: undefined };
    },
    [Symbol.iterator]() {
      return it;
    },
  };
  return it;
}

const plain = <V>(vt: ValueAndTimestamp<V>): V => vt.value;

abstract class StoreFacade implements StateStore {
  constructor(protected readonly store: StateStore) {}
  get name(): string {
    return this.store.name;
  }
  init(context: StateStoreContext, root: StateStore): void {
    this.store.init(context, root);
  }
  flush(): void {
    this.store.flush();
  }
  close(): void {
    this.store.close();
  }
  persistent(): boolean {
    return this.store.persistent();
  }
  isOpen(): boolean {
    return this.store.isOpen();
  }
}

/**
 * A timestamped key-value store seen as a plain one (Kafka's `KeyValueStoreFacade`): reads drop the
 * timestamps, writes store the value with no timestamp (-1).
 */
export class KeyValueStoreFacade<K, V> extends StoreFacade implements KeyValueStore<K, V> {
  constructor(private readonly inner: TimestampedKeyValueStore<K, V>) {
    super(inner);
  }
  get(key: K): V | null {
    const vt = this.inner.get(key);
    return vt === null ? null : vt.value;
  }
  range(from: K | null, to: K | null): KeyValueIterator<K, V> {
    return mapIterator(this.inner.range(from, to), plain);
  }
  reverseRange(from: K | null, to: K | null): KeyValueIterator<K, V> {
    return mapIterator(this.inner.reverseRange(from, to), plain);
  }
  all(): KeyValueIterator<K, V> {
    return mapIterator(this.inner.all(), plain);
  }
  reverseAll(): KeyValueIterator<K, V> {
    return mapIterator(this.inner.reverseAll(), plain);
  }
  prefixScan<P>(prefix: P, serializer: Serializer<P>): KeyValueIterator<K, V> {
    return mapIterator(this.inner.prefixScan(prefix, serializer), plain);
  }
  approximateNumEntries(): number {
    return this.inner.approximateNumEntries();
  }
  put(key: K, value: V | null): void {
    this.inner.put(key, value === null ? null : { value, timestamp: NO_TIMESTAMP });
  }
  putIfAbsent(key: K, value: V | null): V | null {
    const old = this.inner.putIfAbsent(key, value === null ? null : { value, timestamp: NO_TIMESTAMP });
    return old === null ? null : old.value;
  }
  putAll(entries: readonly KeyValue<K, V | null>[]): void {
    this.inner.putAll(entries.map((e) => ({ key: e.key, value: e.value === null ? null : { value: e.value, timestamp: NO_TIMESTAMP } })));
  }
  delete(key: K): V | null {
    const old = this.inner.delete(key);
    return old === null ? null : old.value;
  }
}

/** A timestamped window store seen as a plain one (Kafka's `WindowStoreFacade`). */
export class WindowStoreFacade<K, V> extends StoreFacade implements WindowStore<K, V> {
  constructor(private readonly inner: TimestampedWindowStore<K, V>) {
    super(inner);
  }
  fetch(key: K, windowStart: number): V | null {
    const vt = this.inner.fetch(key, windowStart);
    return vt === null ? null : vt.value;
  }
  fetchWindows(key: K, timeFrom: number, timeTo: number): WindowStoreIterator<V> {
    return mapIterator(this.inner.fetchWindows(key, timeFrom, timeTo), plain);
  }
  backwardFetchWindows(key: K, timeFrom: number, timeTo: number): WindowStoreIterator<V> {
    return mapIterator(this.inner.backwardFetchWindows(key, timeFrom, timeTo), plain);
  }
  fetchKeyRange(keyFrom: K | null, keyTo: K | null, timeFrom: number, timeTo: number): KeyValueIterator<WindowedKey<K>, V> {
    return mapIterator(this.inner.fetchKeyRange(keyFrom, keyTo, timeFrom, timeTo), plain);
  }
  backwardFetchKeyRange(keyFrom: K | null, keyTo: K | null, timeFrom: number, timeTo: number): KeyValueIterator<WindowedKey<K>, V> {
    return mapIterator(this.inner.backwardFetchKeyRange(keyFrom, keyTo, timeFrom, timeTo), plain);
  }
  fetchAll(timeFrom: number, timeTo: number): KeyValueIterator<WindowedKey<K>, V> {
    return mapIterator(this.inner.fetchAll(timeFrom, timeTo), plain);
  }
  backwardFetchAll(timeFrom: number, timeTo: number): KeyValueIterator<WindowedKey<K>, V> {
    return mapIterator(this.inner.backwardFetchAll(timeFrom, timeTo), plain);
  }
  all(): KeyValueIterator<WindowedKey<K>, V> {
    return mapIterator(this.inner.all(), plain);
  }
  backwardAll(): KeyValueIterator<WindowedKey<K>, V> {
    return mapIterator(this.inner.backwardAll(), plain);
  }
  put(key: K, value: V | null, windowStart: number): void {
    this.inner.put(key, value === null ? null : { value, timestamp: NO_TIMESTAMP }, windowStart);
  }
}
