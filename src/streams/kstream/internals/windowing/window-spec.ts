import type { KeyValue } from '../../../../state/key-value.js';
import type { ValueAndTimestamp } from '../../../../state/key-value-store.js';
import type { StateStore } from '../../../processor/state-store.js';

/** A window's bounds in ms (the shape of Kafka Streams' `Window`). */
export interface WindowBounds {
  readonly start: number;
  readonly end: number;
}

/** A windowed key (the shape of Kafka Streams' `Windowed<K>`): the record key and its window. */
export interface WindowedKey<K> {
  readonly key: K;
  readonly window: WindowBounds;
}

export function windowedKey<K>(key: K, start: number, end: number): WindowedKey<K> {
  return { key, window: { start, end } };
}

/** What the time-window aggregation needs from tumbling, hopping and unlimited windows. */
export interface TimeWindowSpec {
  readonly kind: 'time';
  size(): number;
  gracePeriodMs(): number;
  windowsFor(timestamp: number): WindowBounds[];
}

/**
 * The timestamped window store the windowed aggregations use (a subset of Kafka Streams'
 * `TimestampedWindowStore`). Time bounds are inclusive window starts; windows past retention are
 * not returned.
 */
export interface AggregationWindowStore<K, V> extends StateStore {
  fetch(key: K, windowStart: number): ValueAndTimestamp<V> | null;
  put(key: K, value: ValueAndTimestamp<V> | null, windowStart: number): void;
  fetchWindows(key: K, timeFrom: number, timeTo: number): Iterable<KeyValue<number, ValueAndTimestamp<V>>>;
  backwardFetchWindows(key: K, timeFrom: number, timeTo: number): Iterable<KeyValue<number, ValueAndTimestamp<V>>>;
  /** windows starting in [timeFrom, timeTo]; a time-ordered store returns them by start, then key */
  fetchAll(timeFrom: number, timeTo: number): Iterable<KeyValue<WindowedKey<K>, ValueAndTimestamp<V>>>;
  all(): Iterable<KeyValue<WindowedKey<K>, ValueAndTimestamp<V>>>;
}

/** The session store the session aggregation uses (a subset of Kafka Streams' `SessionStore`). */
export interface AggregationSessionStore<K, V> extends StateStore {
  /** sessions of `key` with end >= earliestSessionEndTime and start <= latestSessionStartTime */
  findSessions(key: K, earliestSessionEndTime: number, latestSessionStartTime: number): Iterable<KeyValue<WindowedKey<K>, V>>;
  /** sessions of all keys whose end lies in [earliestEnd, latestEnd], by end (time-ordered stores) */
  findSessionsByEndTime(earliestSessionEndTime: number, latestSessionEndTime: number): Iterable<KeyValue<WindowedKey<K>, V>>;
  fetchSession(key: K, start: number, end: number): V | null;
  put(sessionKey: WindowedKey<K>, aggregate: V | null): void;
  remove(sessionKey: WindowedKey<K>): void;
  /** every session, by key, then start */
  all(): Iterable<KeyValue<WindowedKey<K>, V>>;
}
