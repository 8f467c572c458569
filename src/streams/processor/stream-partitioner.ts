/**
 * Chooses the partition(s) of an output record (Kafka Streams' `StreamPartitioner`).
 * Return a partition number, a list of partitions (multicast; an empty list drops the record), or
 * `undefined` for the default partitioner (murmur2 of the serialized key, as Java's producer does).
 */
export type StreamPartitioner<K, V> = (
  topic: string,
  key: K,
  value: V,
  numPartitions: number,
) => number | readonly number[] | undefined;
