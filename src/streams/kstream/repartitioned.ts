import type { Serde } from '../serdes/serde.js';
import type { StreamPartitioner } from './functions.js';

/** Options of `KStream.repartition` (Kafka Streams' `Repartitioned`). */
export interface Repartitioned<K, V> {
  keySerde?: Serde<K>;
  valueSerde?: Serde<V>;
  /** names the topic `<application.id>-<name>-repartition` and its processors */
  name?: string;
  numberOfPartitions?: number;
  partitioner?: StreamPartitioner<K, V>;
}

export const Repartitioned = {
  with<K, V>(keySerde?: Serde<K>, valueSerde?: Serde<V>): Repartitioned<K, V> {
    return { keySerde, valueSerde };
  },
  as<K, V>(name: string): Repartitioned<K, V> {
    return { name };
  },
};
