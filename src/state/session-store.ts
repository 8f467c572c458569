import type { StateStore } from '../streams/processor/state-store.js';
import type { KeyValueIterator } from './key-value.js';
import type { WindowedKey } from './windowed.js';

/**
 * Read access to a session store (Kafka Streams' `ReadOnlySessionStore`). A session is a key with
 * a window [start, end], both inclusive; sessions are ordered by key bytes, then end, then start.
 */
export interface ReadOnlySessionStore<K, AGG> {
  /** sessions of `key` that end at or after `earliestSessionEnd` and start at or before `latestSessionStart` */
  findSessions(key: K, earliestSessionEnd: number, latestSessionStart: number): KeyValueIterator<WindowedKey<K>, AGG>;
  backwardFindSessions(key: K, earliestSessionEnd: number, latestSessionStart: number): KeyValueIterator<WindowedKey<K>, AGG>;
  /** the same over a key range (null bounds are open) */
  findSessionsInKeyRange(keyFrom: K | null, keyTo: K | null, earliestSessionEnd: number, latestSessionStart: number): KeyValueIterator<WindowedKey<K>, AGG>;
  backwardFindSessionsInKeyRange(
    keyFrom: K | null,
    keyTo: K | null,
    earliestSessionEnd: number,
    latestSessionStart: number,
  ): KeyValueIterator<WindowedKey<K>, AGG>;
  /** the aggregate of exactly this session, or null */
  fetchSession(key: K, sessionStart: number, sessionEnd: number): AGG | null;
  /** every session of a key */
  fetch(key: K): KeyValueIterator<WindowedKey<K>, AGG>;
  backwardFetch(key: K): KeyValueIterator<WindowedKey<K>, AGG>;
  fetchKeyRange(keyFrom: K | null, keyTo: K | null): KeyValueIterator<WindowedKey<K>, AGG>;
  backwardFetchKeyRange(keyFrom: K | null, keyTo: K | null): KeyValueIterator<WindowedKey<K>, AGG>;
}

/** A session store (Kafka Streams' `SessionStore`). */
export interface SessionStore<K, AGG> extends StateStore, ReadOnlySessionStore<K, AGG> {
  /** stores the aggregate of a session; null removes it */
  put(sessionKey: WindowedKey<K>, aggregate: AGG | null): void;
  remove(sessionKey: WindowedKey<K>): void;
}
