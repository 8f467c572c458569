// Partition counts of repartition topics: a fixed count if the user gave one, else the largest partition
// count among the source topics of the sub-topologies writing to it (following chains of repartition
// topics), then co-partition groups forced to agree (Kafka's RepartitionTopics + CopartitionedTopicsEnforcer).
import { AssignmentError } from './errors.js';
import type { TopologyMetadata } from './topology-metadata.js';

export function computeRepartitionPartitionCounts(
  topology: TopologyMetadata,
  sourceTopicPartitions: ReadonlyMap<string, number>,
): Map<string, number> {
  const fixed = new Map<string, number | undefined>();
  for (const sub of topology.subtopologies.values()) {
    for (const [topic, props] of sub.repartitionSourceTopics) {
      if (!fixed.has(topic) || props.numberOfPartitions !== undefined) fixed.set(topic, props.numberOfPartitions);
    }
  }
  const counts = new Map<string, number>();
  for (const [topic, n] of fixed) if (n !== undefined) counts.set(topic, n);
  const countOf = (topic: string): number | undefined => (fixed.has(topic) ? counts.get(topic) : sourceTopicPartitions.get(topic));

  let progress = true;
  while (progress) {
    progress = false;
    for (const topic of fixed.keys()) {
      if (counts.has(topic)) continue;
      let max = 0;
      let complete = true;
      for (const sub of topology.subtopologies.values()) {
        if (!sub.sinkTopics.has(topic)) continue;
        for (const source of sub.sourceTopics) {
          const n = countOf(source);
          if (n === undefined) complete = false;
          else max = Math.max(max, n);
        }
      }
      if (complete && max > 0) {
        counts.set(topic, max);
        progress = true;
      }
    }
  }
  const missing = [...fixed.keys()].filter((t) => !counts.has(t));
  if (missing.length > 0) {
    throw new AssignmentError('INCOMPLETE_SOURCE_TOPIC_METADATA', `cannot derive partition counts of ${missing.join(', ')}: upstream topics missing`, true);
  }

  for (const group of topology.copartitionGroups) {
    const external = [...group].filter((t) => !fixed.has(t));
    let target: number | undefined;
    for (const t of external) {
      const n = sourceTopicPartitions.get(t);
      if (n === undefined) throw new AssignmentError('INCOMPLETE_SOURCE_TOPIC_METADATA', `topic ${t} not found`, true);
      if (target !== undefined && n !== target) {
        const listed = external.map((x) => `${x}=${sourceTopicPartitions.get(x)}`).join(', ');
        throw new AssignmentError('COPARTITION_MISMATCH', `co-partitioned topics have different partition counts: ${listed}`);
      }
      target = n;
    }
    const internal = [...group].filter((t) => fixed.has(t));
    const pinned = internal.filter((t) => fixed.get(t) !== undefined);
    for (const t of pinned) {
      const n = fixed.get(t)!;
      if (target !== undefined && n !== target) {
        throw new AssignmentError('COPARTITION_MISMATCH', `repartition topic ${t} has ${n} partitions, co-partitioned topics have ${target}`);
      }
      target = n;
    }
    target ??= Math.max(...internal.map((t) => counts.get(t)!));
    for (const t of internal) counts.set(t, target);
  }
  return counts;
}
