import type { Serializer } from '../streams/serdes/serde.js';
import type { KeyValueIterator } from './key-value.js';
import type { ReadOnlyKeyValueStore, ValueAndTimestamp } from './key-value-store.js';
import type { ReadOnlyWindowStore, WindowStoreIterator } from './window-store.js';
import type { ReadOnlySessionStore } from './session-store.js';
import type { ReadOnlyVersionedKeyValueStore, VersionedRecord } from './versioned-key-value-store.js';
import type { WindowedKey } from './windowed.js';
import { MappedKeyValueIterator } from './internals/iterators.js';

/*
 * Views for interactive queries: only the read methods of a store, so a caller holding the view
 * cannot write. The `plainValue*` views drop the timestamps of timestamped stores, as Kafka
 * Streams' `ReadOnlyKeyValueStoreFacade` / `ReadOnlyWindowStoreFacade` do for `keyValueStore()`.
 */

export function readOnlyKeyValueStore<K, V>(store: ReadOnlyKeyValueStore<K, V>): ReadOnlyKeyValueStore<K, V> {
  return {
    get: (key) => store.get(key),
    range: (from, to) => store.range(from, to),
    reverseRange: (from, to) => store.reverseRange(from, to),
    all: () => store.all(),
    reverseAll: () => store.reverseAll(),
    prefixScan: <P>(prefix: P, serializer: Serializer<P>) => store.prefixScan(prefix, serializer),
    approximateNumEntries: () => store.approximateNumEntries(),
  };
}

function plain<K, V>(it: KeyValueIterator<K, ValueAndTimestamp<V>>): KeyValueIterator<K, V> {
  return new MappedKeyValueIterator(it, (kv) => ({ key: kv.key, value: kv.value.value }));
}

export function plainValueKeyValueStore<K, V>(store: ReadOnlyKeyValueStore<K, ValueAndTimestamp<V>>): ReadOnlyKeyValueStore<K, V> {
  return {
    get: (key) => store.get(key)?.value ?? null,
    range: (from, to) => plain(store.range(from, to)),
    reverseRange: (from, to) => plain(store.reverseRange(from, to)),
    all: () => plain(store.all()),
    reverseAll: () => plain(store.reverseAll()),
    prefixScan: <P>(prefix: P, serializer: Serializer<P>) => plain(store.prefixScan(prefix, serializer)),
    approximateNumEntries: () => store.approximateNumEntries(),
  };
}

export function readOnlyWindowStore<K, V>(store: ReadOnlyWindowStore<K, V>): ReadOnlyWindowStore<K, V> {
  return {
    fetch: (key, t) => store.fetch(key, t),
    fetchWindows: (key, from, to) => store.fetchWindows(key, from, to),
    backwardFetchWindows: (key, from, to) => store.backwardFetchWindows(key, from, to),
    fetchKeyRange: (kf, kt, from, to) => store.fetchKeyRange(kf, kt, from, to),
    backwardFetchKeyRange: (kf, kt, from, to) => store.backwardFetchKeyRange(kf, kt, from, to),
    fetchAll: (from, to) => store.fetchAll(from, to),
    backwardFetchAll: (from, to) => store.backwardFetchAll(from, to),
    all: () => store.all(),
    backwardAll: () => store.backwardAll(),
  };
}

export function plainValueWindowStore<K, V>(store: ReadOnlyWindowStore<K, ValueAndTimestamp<V>>): ReadOnlyWindowStore<K, V> {
  const windows = (it: WindowStoreIterator<ValueAndTimestamp<V>>): WindowStoreIterator<V> => plain(it);
  const keyed = (it: KeyValueIterator<WindowedKey<K>, ValueAndTimestamp<V>>): KeyValueIterator<WindowedKey<K>, V> => plain(it);
  return {
    fetch: (key, t) => store.fetch(key, t)?.value ?? null,
    fetchWindows: (key, from, to) => windows(store.fetchWindows(key, from, to)),
    backwardFetchWindows: (key, from, to) => windows(store.backwardFetchWindows(key, from, to)),
    fetchKeyRange: (kf, kt, from, to) => keyed(store.fetchKeyRange(kf, kt, from, to)),
    backwardFetchKeyRange: (kf, kt, from, to) => keyed(store.backwardFetchKeyRange(kf, kt, from, to)),
    fetchAll: (from, to) => keyed(store.fetchAll(from, to)),
    backwardFetchAll: (from, to) => keyed(store.backwardFetchAll(from, to)),
    all: () => keyed(store.all()),
    backwardAll: () => keyed(store.backwardAll()),
  };
}

export function readOnlySessionStore<K, AGG>(store: ReadOnlySessionStore<K, AGG>): ReadOnlySessionStore<K, AGG> {
  return {
    findSessions: (key, e, l) => store.findSessions(key, e, l),
    backwardFindSessions: (key, e, l) => store.backwardFindSessions(key, e, l),
    findSessionsInKeyRange: (kf, kt, e, l) => store.findSessionsInKeyRange(kf, kt, e, l),
    backwardFindSessionsInKeyRange: (kf, kt, e, l) => store.backwardFindSessionsInKeyRange(kf, kt, e, l),
    fetchSession: (key, s, e) => store.fetchSession(key, s, e),
    fetch: (key) => store.fetch(key),
    backwardFetch: (key) => store.backwardFetch(key),
    fetchKeyRange: (kf, kt) => store.fetchKeyRange(kf, kt),
    backwardFetchKeyRange: (kf, kt) => store.backwardFetchKeyRange(kf, kt),
  };
}

export function readOnlyVersionedKeyValueStore<K, V>(store: ReadOnlyVersionedKeyValueStore<K, V>): ReadOnlyVersionedKeyValueStore<K, V> {
  return { get: (key: K, asOf?: number): VersionedRecord<V> | null => store.get(key, asOf) };
}
