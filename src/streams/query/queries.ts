// IQv2 queries (Kafka Streams' org.apache.kafka.streams.query): what to ask one store.
import type { KeyValueIterator } from '../../state/key-value.js';
import type { ValueAndTimestamp } from '../../state/key-value-store.js';
import type { WindowStoreIterator } from '../../state/window-store.js';
import type { WindowedKey } from '../../state/windowed.js';

/** A query whose per-partition result is `R`. `kind` tells the stores which query it is. */
export interface Query<R> {
  readonly kind: string;
  /** type marker only, never set */
  readonly resultType?: R;
}

/** The value of one key (plain value, also from timestamped stores), null if absent. */
export class KeyQuery<K, V> implements Query<V | null> {
  readonly kind = 'key';
  declare readonly resultType?: V | null;
  private constructor(readonly key: K) {}
  static withKey<K, V>(key: K): KeyQuery<K, V> {
    return new KeyQuery<K, V>(key);
  }
}

/** The value and timestamp of one key in a timestamped key-value store, null if absent. */
export class TimestampedKeyQuery<K, V> implements Query<ValueAndTimestamp<V> | null> {
  readonly kind = 'timestampedKey';
  declare readonly resultType?: ValueAndTimestamp<V> | null;
  private constructor(readonly key: K) {}
  static withKey<K, V>(key: K): TimestampedKeyQuery<K, V> {
    return new TimestampedKeyQuery<K, V>(key);
  }
}

/** Entries with lower <= key <= upper (a missing bound is open), per partition in key order. */
export class RangeQuery<K, V> implements Query<KeyValueIterator<K, V>> {
  readonly kind = 'range';
  declare readonly resultType?: KeyValueIterator<K, V>;
  private constructor(
    readonly lowerBound: K | null,
    readonly upperBound: K | null,
  ) {}
  static withRange<K, V>(lower: K | null, upper: K | null): RangeQuery<K, V> {
    return new RangeQuery<K, V>(lower, upper);
  }
  static withLowerBound<K, V>(lower: K): RangeQuery<K, V> {
    return new RangeQuery<K, V>(lower, null);
  }
  static withUpperBound<K, V>(upper: K): RangeQuery<K, V> {
    return new RangeQuery<K, V>(null, upper);
  }
  static withNoBounds<K, V>(): RangeQuery<K, V> {
    return new RangeQuery<K, V>(null, null);
  }
}

/** The windows of one key whose start lies in [timeFrom, timeTo] (plain values), by window start. */
export class WindowKeyQuery<K, V> implements Query<WindowStoreIterator<V>> {
  readonly kind = 'windowKey';
  declare readonly resultType?: WindowStoreIterator<V>;
  private constructor(
    readonly key: K,
    readonly timeFrom: number,
    readonly timeTo: number,
  ) {}
  static withKeyAndWindowStartRange<K, V>(key: K, timeFrom: number, timeTo: number): WindowKeyQuery<K, V> {
    return new WindowKeyQuery<K, V>(key, timeFrom, timeTo);
  }
}

/**
 * Every session of one key in a session store (Kafka Streams' `WindowRangeQuery.withKey`), as
 * windowed keys (session start and end) with their aggregates, in session order.
 */
export class WindowRangeQuery<K, V> implements Query<KeyValueIterator<WindowedKey<K>, V>> {
  readonly kind = 'windowRange';
  declare readonly resultType?: KeyValueIterator<WindowedKey<K>, V>;
  private constructor(readonly key: K) {}
  static withKey<K, V>(key: K): WindowRangeQuery<K, V> {
    return new WindowRangeQuery<K, V>(key);
  }
}
