// Runs one IQv2 query against one partition's store.
import type { StateStore } from '../processor/state-store.js';
import type { ReadOnlyKeyValueStore, ValueAndTimestamp } from '../../state/key-value-store.js';
import type { ReadOnlyWindowStore } from '../../state/window-store.js';
import { plainValueKeyValueStore, plainValueWindowStore } from '../../state/read-only-views.js';
import { KeyQuery, RangeQuery, TimestampedKeyQuery, WindowKeyQuery, type Query } from './queries.js';
import { storeKind } from './queryable-store-types.js';
import { QueryResult } from './state-query.js';

type Kv = ReadOnlyKeyValueStore<unknown, unknown>;
type Win = ReadOnlyWindowStore<unknown, unknown>;

function kvView(store: StateStore): Kv | undefined {
  const kind = storeKind(store);
  if (kind === 'keyValue') return store as unknown as Kv;
  if (kind === 'timestampedKeyValue') return plainValueKeyValueStore(store as unknown as ReadOnlyKeyValueStore<unknown, ValueAndTimestamp<unknown>>);
  return undefined;
}

function windowView(store: StateStore): Win | undefined {
  const kind = storeKind(store);
  if (kind === 'window') return store as unknown as Win;
  if (kind === 'timestampedWindow') return plainValueWindowStore(store as unknown as ReadOnlyWindowStore<unknown, ValueAndTimestamp<unknown>>);
  return undefined;
}

const unknownType = Symbol('unknown query type');

function answer(query: Query<unknown>, store: StateStore): unknown {
  if (query instanceof KeyQuery) {
    const kv = kvView(store);
    return kv === undefined ? unknownType : kv.get(query.key);
  }
  if (query instanceof TimestampedKeyQuery) {
    return storeKind(store) === 'timestampedKeyValue' ? (store as unknown as ReadOnlyKeyValueStore<unknown, ValueAndTimestamp<unknown>>).get(query.key) : unknownType;
  }
  if (query instanceof RangeQuery) return kvView(store)?.range(query.lowerBound, query.upperBound) ?? unknownType;
  if (query instanceof WindowKeyQuery) return windowView(store)?.fetchWindows(query.key, query.timeFrom, query.timeTo) ?? unknownType;
  return unknownType;
}

export function runQuery<R>(query: Query<R>, store: StateStore, stale: boolean): QueryResult<R> {
  try {
    const r = answer(query, store);
    if (r === unknownType) return QueryResult.forFailure('UNKNOWN_QUERY_TYPE', `store ${store.name} (${storeKind(store)}) cannot run a ${query.kind} query`);
    return QueryResult.forResult(r as R, { stale });
  } catch (e) {
    return QueryResult.forFailure('STORE_EXCEPTION', e instanceof Error ? e.message : String(e));
  }
}
