import type { Serde } from '../serdes/serde.js';
import type { StreamPartitioner } from './functions.js';

/** How records are written to a topic (Kafka Streams' `Produced`). */
export interface Produced<K, V> {
  keySerde?: Serde<K>;
  valueSerde?: Serde<V>;
  partitioner?: StreamPartitioner<K, V>;
  /** processor name of the sink */
  name?: string;
}

export const Produced = {
  with<K, V>(keySerde?: Serde<K>, valueSerde?: Serde<V>): Produced<K, V> {
    return { keySerde, valueSerde };
  },
  as<K, V>(name: string): Produced<K, V> {
    return { name };
  },
};
