import type { Serde } from '../serdes/serde.js';

/** Timestamp of a consumed record (Kafka Streams' `TimestampExtractor`). */
export type TimestampExtractor = (record: { topic: string; key: unknown; value: unknown; timestamp: number }, partitionTime: number) => number;
export type OffsetReset = 'earliest' | 'latest' | 'none';

/** How a source topic is read (Kafka Streams' `Consumed`). */
export interface Consumed<K, V> {
  keySerde?: Serde<K>;
  valueSerde?: Serde<V>;
  timestampExtractor?: TimestampExtractor;
  offsetReset?: OffsetReset;
  /** processor name of the source */
  name?: string;
}

export const Consumed = {
  with<K, V>(keySerde?: Serde<K>, valueSerde?: Serde<V>): Consumed<K, V> {
    return { keySerde, valueSerde };
  },
  as<K, V>(name: string): Consumed<K, V> {
    return { name };
  },
};
