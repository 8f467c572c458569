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

  // the largest count among the upstream source topics of `topic`, or undefined when one is unknown
  // (`relaxed`: unknown repartition topics are skipped, as Kafka does; this breaks cycles such as the
  // subscription and response topics of a foreign-key join, which feed each other's sub-topologies)
  const derive = (topic: string, relaxed: boolean): number | undefined => {
    let max = 0;
    for (const sub of topology.subtopologies.values()) {
      if (!sub.sinkTopics.has(topic)) continue;
      for (const source of sub.sourceTopics) {
        const n = countOf(source);
        if (n !== undefined) max = Math.max(max, n);
        else if (!relaxed || !fixed.has(source)) return undefined;
      }
    }
    return max > 0 ? max : undefined;
  };
  // all upstream counts known first; only when that is stuck, one topic from the counts known so far
  for (;;) {
    let progress = false;
    for (const topic of fixed.keys()) {
      if (counts.has(topic)) continue;
      const n = derive(topic, false);
      if (n !== undefined) {
        counts.set(topic, n);
        progress = true;
      }
    }
    if (progress) continue;
    const next = [...fixed.keys()].find((t) => !counts.has(t) && derive(t, true) !== undefined);
    if (next === undefined) break;
    counts.set(next, derive(next, true)!);
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
