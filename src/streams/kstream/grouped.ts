import type { Serde } from '../serdes/serde.js';

/** Serdes and name for a grouping (Kafka Streams' `Grouped`); the name names the repartition topic. */
export interface Grouped<K, V> {
  keySerde?: Serde<K>;
  valueSerde?: Serde<V>;
  name?: string;
}

export const Grouped = {
  with<K, V>(keySerde?: Serde<K>, valueSerde?: Serde<V>): Grouped<K, V> {
    return { keySerde, valueSerde };
  },
  as<K, V>(name: string): Grouped<K, V> {
    return { name };
  },
};
