import { murmur2Partition } from '../../client/producer/murmur2.js';
import type { Serializer } from '../serdes/serde.js';
import type { StoreLayout } from './query-runtime.js';

/** Places a key in a partition of `numPartitions` (Kafka's StreamPartitioner); undefined = the default partitioner. */
export type KeyPartitioner<K> = (topic: string, key: K, numPartitions: number) => number | undefined;

export interface StoreTopics {
  subtopology: number;
  sourceTopics: readonly string[];
  /** the largest partition count of the source topics (Kafka's `maxNumPartitions`); undefined before it is known */
  numPartitions: number | undefined;
}

export function storeTopics(layout: StoreLayout, store: string): StoreTopics | undefined {
  const sub = layout.subtopologyOf(store);
  if (sub === undefined) return undefined;
  let max: number | undefined;
  for (const t of sub.sourceTopics) {
    const n = layout.partitionCount(t);
    if (n !== undefined && (max === undefined || n > max)) max = n;
  }
  return { subtopology: sub.subtopology, sourceTopics: sub.sourceTopics, numPartitions: max };
}

/**
 * The partition of `key` for a store: the custom partitioner's choice, or the default partitioner's
 * (murmur2 of the key serialized for the store's first source topic, as the producer that wrote it).
 */
export function keyPartition<K>(
  topics: StoreTopics,
  key: K,
  options: { serializer?: Serializer<K> | undefined; partitioner?: KeyPartitioner<K> | undefined },
): number | undefined {
  const n = topics.numPartitions;
  const topic = topics.sourceTopics[0];
  if (n === undefined || topic === undefined) return undefined;
  const custom = options.partitioner?.(topic, key, n);
  if (custom !== undefined) return custom;
  if (options.serializer === undefined) return undefined;
  const bytes = options.serializer.serialize(topic, key);
  if (bytes === null) return undefined;
  return murmur2Partition(bytes, n);
}

/** the key serializer a store was built with (the metered layer's key serde), if any */
export function storeKeySerializer(store: unknown): Serializer<unknown> | undefined {
  const serde = (store as { keySerde?: unknown } | undefined)?.keySerde;
  return serde !== null && typeof serde === 'object' && typeof (serde as { serialize?: unknown }).serialize === 'function' ? (serde as Serializer<unknown>) : undefined;
}
