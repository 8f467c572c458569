// Read-only views composed across the partitions (tasks) of a store on this instance.
import type { Serializer } from '../serdes/serde.js';
import type { KeyValueIterator } from '../../state/key-value.js';
import type { ReadOnlyKeyValueStore } from '../../state/key-value-store.js';
import type { ReadOnlyWindowStore, WindowStoreIterator } from '../../state/window-store.js';
import type { ReadOnlySessionStore } from '../../state/session-store.js';
import type { WindowedKey } from '../../state/windowed.js';
import { emptyIterator } from '../../state/internals/iterators.js';
import { ConcatKeyValueIterator } from './concat-iterator.js';
import type { Shards } from './store-shards.js';

function concat<S, K, V>(stores: S[], open: (s: S) => KeyValueIterator<K, V>): KeyValueIterator<K, V> {
  if (stores.length === 1) return open(stores[0]!);
  return new ConcatKeyValueIterator(stores.map((s) => () => open(s)));
}

/** a point read: the owning partition's store when routable, else the first store that has it */
function pointRead<S, R>(shards: Shards<S>, key: unknown, read: (s: S) => R | null): R | null {
  const owner = shards.forKey(key);
  if (owner === null) {
    shards.all(); // still fails when the store is not queryable at all
    return null;
  }
  if (owner !== undefined) return read(owner);
  for (const s of shards.all()) {
    const v = read(s);
    if (v !== null) return v;
  }
  return null;
}

function keyedIterator<S, K, V>(shards: Shards<S>, key: unknown, open: (s: S) => KeyValueIterator<K, V>): KeyValueIterator<K, V> {
  const owner = shards.forKey(key);
  if (owner === null) {
    shards.all();
    return emptyIterator();
  }
  if (owner !== undefined) return open(owner);
  return concat(shards.all(), open);
}

export function compositeKeyValueStore<K, V>(shards: Shards<ReadOnlyKeyValueStore<K, V>>): ReadOnlyKeyValueStore<K, V> {
  return {
    get: (key) => pointRead(shards, key, (s) => s.get(key)),
    range: (from, to) => concat(shards.all(), (s) => s.range(from, to)),
    reverseRange: (from, to) => concat(shards.all(), (s) => s.reverseRange(from, to)),
    all: () => concat(shards.all(), (s) => s.all()),
    reverseAll: () => concat(shards.all(), (s) => s.reverseAll()),
    prefixScan: <P>(prefix: P, serializer: Serializer<P>) => concat(shards.all(), (s) => s.prefixScan(prefix, serializer)),
    approximateNumEntries: () => {
      let total = 0;
      for (const s of shards.all()) total += s.approximateNumEntries();
      return Math.min(total, Number.MAX_SAFE_INTEGER);
    },
  };
}

export function compositeWindowStore<K, V>(shards: Shards<ReadOnlyWindowStore<K, V>>): ReadOnlyWindowStore<K, V> {
  return {
    fetch: (key, t) => pointRead(shards, key, (s) => s.fetch(key, t)),
    fetchWindows: (key, from, to): WindowStoreIterator<V> => keyedIterator(shards, key, (s) => s.fetchWindows(key, from, to)),
    backwardFetchWindows: (key, from, to): WindowStoreIterator<V> => keyedIterator(shards, key, (s) => s.backwardFetchWindows(key, from, to)),
    fetchKeyRange: (kf, kt, from, to): KeyValueIterator<WindowedKey<K>, V> => concat(shards.all(), (s) => s.fetchKeyRange(kf, kt, from, to)),
    backwardFetchKeyRange: (kf, kt, from, to) => concat(shards.all(), (s) => s.backwardFetchKeyRange(kf, kt, from, to)),
    fetchAll: (from, to) => concat(shards.all(), (s) => s.fetchAll(from, to)),
    backwardFetchAll: (from, to) => concat(shards.all(), (s) => s.backwardFetchAll(from, to)),
    all: () => concat(shards.all(), (s) => s.all()),
    backwardAll: () => concat(shards.all(), (s) => s.backwardAll()),
  };
}

export function compositeSessionStore<K, AGG>(shards: Shards<ReadOnlySessionStore<K, AGG>>): ReadOnlySessionStore<K, AGG> {
  return {
    findSessions: (key, e, l) => keyedIterator(shards, key, (s) => s.findSessions(key, e, l)),
    backwardFindSessions: (key, e, l) => keyedIterator(shards, key, (s) => s.backwardFindSessions(key, e, l)),
    findSessionsInKeyRange: (kf, kt, e, l) => concat(shards.all(), (s) => s.findSessionsInKeyRange(kf, kt, e, l)),
    backwardFindSessionsInKeyRange: (kf, kt, e, l) => concat(shards.all(), (s) => s.backwardFindSessionsInKeyRange(kf, kt, e, l)),
    fetchSession: (key, st, en) => pointRead(shards, key, (s) => s.fetchSession(key, st, en)),
    fetch: (key) => keyedIterator(shards, key, (s) => s.fetch(key)),
    backwardFetch: (key) => keyedIterator(shards, key, (s) => s.backwardFetch(key)),
    fetchKeyRange: (kf, kt) => concat(shards.all(), (s) => s.fetchKeyRange(kf, kt)),
    backwardFetchKeyRange: (kf, kt) => concat(shards.all(), (s) => s.backwardFetchKeyRange(kf, kt)),
  };
}
