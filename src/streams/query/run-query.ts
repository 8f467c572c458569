// Runs one IQv2 query against one partition's store.
import type { StateStore } from '../processor/state-store.js';
import type { ReadOnlyKeyValueStore, ValueAndTimestamp } from '../../state/key-value-store.js';
import type { KeyValueIterator } from '../../state/key-value.js';
import type { ReadOnlyWindowStore } from '../../state/window-store.js';
import { plainValueKeyValueStore, plainValueWindowStore } from '../../state/read-only-views.js';
import type { KeyValue } from '../../state/key-value.js';
import type { WindowedKey } from '../../state/windowed.js';
import { GeneratorKeyValueIterator } from '../../state/internals/iterators.js';
import { KeyQuery, RangeQuery, TimestampedKeyQuery, WindowKeyQuery, WindowRangeQuery, type Query } from './queries.js';
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

interface SessionFinder {
  findSessions(key: unknown, earliestSessionEnd: number, latestSessionStart: number): Iterable<KeyValue<WindowedKey<unknown>, unknown>>;
}

function isKeyValueIterator(it: Iterable<unknown>): it is KeyValueIterator<WindowedKey<unknown>, unknown> {
  return typeof (it as { peekNextKey?: unknown }).peekNextKey === 'function';
}

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
  if (query instanceof WindowRangeQuery) {
    // session stores of the state layer and the DSL's in-memory session-aggregation stores both find sessions by key
    const finder = store as unknown as Partial<SessionFinder>;
    if (typeof finder.findSessions !== 'function') return unknownType;
    const found = finder.findSessions(query.key, 0, Number.MAX_SAFE_INTEGER);
    return isKeyValueIterator(found) ? found : new GeneratorKeyValueIterator(found[Symbol.iterator]());
  }
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
