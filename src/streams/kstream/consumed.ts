import type { Serde } from '../serdes/serde.js';

import type { TimestampExtractor } from '../processor/timestamp-extractor.js';

export type { TimestampExtractor };
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
