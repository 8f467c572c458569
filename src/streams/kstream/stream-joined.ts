import type { Serde } from '../serdes/serde.js';
import type { JoinWindows } from './join-windows.js';

/** Options of a stream-stream join (Kafka Streams' `StreamJoined` plus the `JoinWindows`). */
export interface StreamJoined<K, V, VO> {
  windows: JoinWindows;
  keySerde?: Serde<K>;
  valueSerde?: Serde<V>;
  otherValueSerde?: Serde<VO>;
  /** names the processors and repartition topics */
  name?: string;
  /** base name of the two window stores (`<storeName>-this-join`, `<storeName>-other-join`) */
  storeName?: string;
}
