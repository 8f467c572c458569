import type { Serde } from '../serdes/serde.js';

/** Serdes and name of a stream-table join (Kafka Streams' `Joined`). */
export interface Joined<K, V, VO> {
  keySerde?: Serde<K>;
  valueSerde?: Serde<V>;
  otherValueSerde?: Serde<VO>;
  /** names the join processor and, when the stream is repartitioned first, its topic */
  name?: string;
}

export const Joined = {
  with<K, V, VO>(keySerde?: Serde<K>, valueSerde?: Serde<V>, otherValueSerde?: Serde<VO>): Joined<K, V, VO> {
    return { keySerde, valueSerde, otherValueSerde };
  },
  as<K, V, VO>(name: string): Joined<K, V, VO> {
    return { name };
  },
};
