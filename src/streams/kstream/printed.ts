/** Where `KStream.print` writes (Kafka Streams' `Printed`). */
export interface Printed<K, V> {
  /** defaults to console.log */
  sink?: (line: string) => void;
  label?: string;
  mapper?: (key: K, value: V) => string;
  name?: string;
}

export const Printed = {
  toSysOut<K, V>(): Printed<K, V> {
    return {};
  },
  toSink<K, V>(sink: (line: string) => void): Printed<K, V> {
    return { sink };
  },
};
