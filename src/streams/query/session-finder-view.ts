// A ReadOnlySessionStore over the DSL's in-memory session-aggregation stores (the stores a cached or
// emit-on-close session-windowed aggregation uses today), which find sessions by key and list all of
// them, but are not the state layer's metered session stores.
import type { KeyValue, KeyValueIterator } from '../../state/key-value.js';
import type { ReadOnlySessionStore } from '../../state/session-store.js';
import type { WindowedKey } from '../../state/windowed.js';
import type { StateStore } from '../processor/state-store.js';
import { GeneratorKeyValueIterator } from '../../state/internals/iterators.js';

/** What such a store offers: sessions of a key, one session, all sessions in key-byte order. */
interface SessionFinder<K, AGG> {
  findSessions(key: K, earliestSessionEnd: number, latestSessionStart: number): Iterable<KeyValue<WindowedKey<K>, AGG>>;
  fetchSession(key: K, start: number, end: number): AGG | null;
  all(): Iterable<KeyValue<WindowedKey<K>, AGG>>;
  /** the key's serialized bytes as a latin1 string: orders keys as Kafka does (by bytes) */
  id?: (key: K) => string;
}

/** Whether a store finds sessions without being a metered session store (duck-typed). */
export function isSessionFinder(store: StateStore): boolean {
  const s = store as unknown as Partial<Record<keyof SessionFinder<unknown, unknown>, unknown>>;
  return typeof s.findSessions === 'function' && typeof s.fetchSession === 'function' && typeof s.all === 'function';
}

const iterator = <K, V>(entries: Iterable<KeyValue<K, V>>): KeyValueIterator<K, V> => new GeneratorKeyValueIterator(entries[Symbol.iterator]());
const backward = <K, V>(entries: Iterable<KeyValue<K, V>>): KeyValueIterator<K, V> => iterator([...entries].reverse());

export function sessionFinderView<K, AGG>(store: StateStore): ReadOnlySessionStore<K, AGG> {
  const s = store as unknown as SessionFinder<K, AGG>;
  const inKeyRange = (keyFrom: K | null, keyTo: K | null, earliestEnd: number, latestStart: number): Array<KeyValue<WindowedKey<K>, AGG>> => {
    const id = s.id;
    if ((keyFrom !== null || keyTo !== null) && typeof id !== 'function') {
      throw new Error(`store ${store.name} cannot answer key-range session queries`);
    }
    const from = keyFrom === null ? null : id!.call(s, keyFrom);
    const to = keyTo === null ? null : id!.call(s, keyTo);
    const out: Array<KeyValue<WindowedKey<K>, AGG>> = [];
    for (const kv of s.all()) {
      const w = kv.key.window;
      if (w.end < earliestEnd || w.start > latestStart) continue;
      if (from !== null || to !== null) {
        const k = id!.call(s, kv.key.key);
        if ((from !== null && k < from) || (to !== null && k > to)) continue;
      }
      out.push(kv);
    }
    return out;
  };
  const ALL_END = Number.MIN_SAFE_INTEGER;
  const ALL_START = Number.MAX_SAFE_INTEGER;
  return {
    findSessions: (key, e, l) => iterator(s.findSessions(key, e, l)),
    backwardFindSessions: (key, e, l) => backward(s.findSessions(key, e, l)),
    findSessionsInKeyRange: (kf, kt, e, l) => iterator(inKeyRange(kf, kt, e, l)),
    backwardFindSessionsInKeyRange: (kf, kt, e, l) => backward(inKeyRange(kf, kt, e, l)),
    fetchSession: (key, start, end) => s.fetchSession(key, start, end),
    fetch: (key) => iterator(s.findSessions(key, ALL_END, ALL_START)),
    backwardFetch: (key) => backward(s.findSessions(key, ALL_END, ALL_START)),
    fetchKeyRange: (kf, kt) => iterator(inKeyRange(kf, kt, ALL_END, ALL_START)),
    backwardFetchKeyRange: (kf, kt) => backward(inKeyRange(kf, kt, ALL_END, ALL_START)),
  };
}
