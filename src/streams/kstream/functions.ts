/** A key and a value, as mappers return them (Kafka Streams' `KeyValue`). */
export interface KeyValue<K, V> {
  readonly key: K;
  readonly value: V;
}

/** Builds a `KeyValue`. */
export function keyValue<K, V>(key: K, value: V): KeyValue<K, V> {
  return { key, value };
}

/** Tests a record (`Predicate`). */
export type Predicate<K, V> = (key: K, value: V) => boolean;
/** Maps a value, seeing the key (`ValueMapperWithKey`; a one-argument function works too). */
export type ValueMapper<K, V, VR> = (value: V, key: K) => VR;
/** Maps a record to a new key and value (`KeyValueMapper` returning a `KeyValue`). */
export type KeyValueMapper<K, V, R> = (key: K, value: V) => R;
/** Side effect per record (`ForeachAction`). */
export type ForeachAction<K, V> = (key: K, value: V) => void;
/** Combines two values of the same type (`Reducer`). */
export type Reducer<V> = (aggregate: V, value: V) => V;
/** Starting value of an aggregation (`Initializer`). */
export type Initializer<VA> = () => VA;
/** Folds a value into an aggregate (`Aggregator`). */
export type Aggregator<K, V, VA> = (key: K, value: V, aggregate: VA) => VA;
/** Joins two values (`ValueJoinerWithKey`; the key comes last so that `(l, r) => ...` works too). */
export type ValueJoiner<V1, V2, VR, K = unknown> = (left: V1, right: V2, key: K) => VR;
export type { TopicNameExtractor } from '../processor/topic-name-extractor.js';
export type { StreamPartitioner } from '../processor/stream-partitioner.js';
