import type { KStream } from './kstream.js';

/** How one branch of `split()` is named and consumed (Kafka Streams' `Branched`). */
export interface Branched<K, V> {
  /** the branch name; the branch is `<split name><branch name>` in the result map */
  name?: string;
  /** called with the branch stream; its return value (if any) goes into the result map */
  chain?: (stream: KStream<K, V>) => KStream<K, V> | void;
}

export const Branched = {
  as<K, V>(name: string): Branched<K, V> {
    return { name };
  },
  withFunction<K, V>(chain: (stream: KStream<K, V>) => KStream<K, V> | void, name?: string): Branched<K, V> {
    return { chain, name };
  },
  withConsumer<K, V>(consumer: (stream: KStream<K, V>) => void, name?: string): Branched<K, V> {
    return { chain: (s) => { consumer(s); }, name };
  },
};
