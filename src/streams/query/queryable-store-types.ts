// Kafka Streams' QueryableStoreTypes: which kind of store a caller expects, and the view it gets.
import type { StateStore } from '../processor/state-store.js';
import type { ReadOnlyKeyValueStore, ValueAndTimestamp } from '../../state/key-value-store.js';
import type { ReadOnlyWindowStore } from '../../state/window-store.js';
import type { ReadOnlySessionStore } from '../../state/session-store.js';
import { MeteredKeyValueStore } from '../../state/internals/metered-key-value-store.js';
import { MeteredWindowStore } from '../../state/internals/metered-window-store.js';
import { MeteredSessionStore } from '../../state/internals/metered-session-store.js';
import { ValueAndTimestampSerde } from '../../state/value-and-timestamp-serde.js';
import { plainValueKeyValueStore, plainValueWindowStore, readOnlyKeyValueStore, readOnlySessionStore, readOnlyWindowStore } from '../../state/read-only-views.js';
import { compositeKeyValueStore, compositeSessionStore, compositeWindowStore } from './composite-stores.js';
import { mapShards, type StoreShards } from './store-shards.js';
import { isSessionFinder, sessionFinderView } from './session-finder-view.js';

export type StoreKind = 'keyValue' | 'timestampedKeyValue' | 'window' | 'timestampedWindow' | 'session' | 'unknown';

/** What a store is, judged by its outermost layer. */
export function storeKind(store: StateStore): StoreKind {
  if (store instanceof MeteredKeyValueStore) return store.valueSerde instanceof ValueAndTimestampSerde ? 'timestampedKeyValue' : 'keyValue';
  if (store instanceof MeteredWindowStore) return store.valueSerde instanceof ValueAndTimestampSerde ? 'timestampedWindow' : 'window';
  if (store instanceof MeteredSessionStore) return 'session';
  if (isSessionFinder(store)) return 'session'; // the DSL's in-memory session-aggregation stores
  return 'unknown';
}

export interface QueryableStoreType<T> {
  readonly name: string;
  accepts(store: StateStore): boolean;
  /** the view over the shards (the shards only hold accepted stores) */
  create(shards: StoreShards): T;
}

const isKv = (k: StoreKind): boolean => k === 'keyValue' || k === 'timestampedKeyValue';
const isWindow = (k: StoreKind): boolean => k === 'window' || k === 'timestampedWindow';

export const QueryableStoreTypes = {
  /** plain values, from key-value stores and (timestamps dropped) timestamped key-value stores */
  keyValueStore<K, V>(): QueryableStoreType<ReadOnlyKeyValueStore<K, V>> {
    return {
      name: 'keyValueStore',
      accepts: (s) => isKv(storeKind(s)),
      create: (shards) =>
        compositeKeyValueStore(
          mapShards(shards, (s) =>
            storeKind(s) === 'timestampedKeyValue'
              ? plainValueKeyValueStore(s as unknown as ReadOnlyKeyValueStore<K, ValueAndTimestamp<V>>)
              : readOnlyKeyValueStore(s as unknown as ReadOnlyKeyValueStore<K, V>),
          ),
        ),
    };
  },
  timestampedKeyValueStore<K, V>(): QueryableStoreType<ReadOnlyKeyValueStore<K, ValueAndTimestamp<V>>> {
    return {
      name: 'timestampedKeyValueStore',
      accepts: (s) => storeKind(s) === 'timestampedKeyValue',
      create: (shards) => compositeKeyValueStore(mapShards(shards, (s) => readOnlyKeyValueStore(s as unknown as ReadOnlyKeyValueStore<K, ValueAndTimestamp<V>>))),
    };
  },
  windowStore<K, V>(): QueryableStoreType<ReadOnlyWindowStore<K, V>> {
    return {
      name: 'windowStore',
      accepts: (s) => isWindow(storeKind(s)),
      create: (shards) =>
        compositeWindowStore(
          mapShards(shards, (s) =>
            storeKind(s) === 'timestampedWindow'
              ? plainValueWindowStore(s as unknown as ReadOnlyWindowStore<K, ValueAndTimestamp<V>>)
              : readOnlyWindowStore(s as unknown as ReadOnlyWindowStore<K, V>),
          ),
        ),
    };
  },
  timestampedWindowStore<K, V>(): QueryableStoreType<ReadOnlyWindowStore<K, ValueAndTimestamp<V>>> {
    return {
      name: 'timestampedWindowStore',
      accepts: (s) => storeKind(s) === 'timestampedWindow',
      create: (shards) => compositeWindowStore(mapShards(shards, (s) => readOnlyWindowStore(s as unknown as ReadOnlyWindowStore<K, ValueAndTimestamp<V>>))),
    };
  },
  sessionStore<K, AGG>(): QueryableStoreType<ReadOnlySessionStore<K, AGG>> {
    return {
      name: 'sessionStore',
      accepts: (s) => storeKind(s) === 'session',
      create: (shards) =>
        compositeSessionStore(
          mapShards(shards, (s) => (s instanceof MeteredSessionStore ? readOnlySessionStore(s as unknown as ReadOnlySessionStore<K, AGG>) : sessionFinderView<K, AGG>(s))),
        ),
    };
  },
} as const;
