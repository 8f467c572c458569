// From topology and partition counts to tasks: one task per sub-topology and partition number, reading
// that partition of each of the sub-topology's source topics (Kafka's default partition grouper), with
// its changelog partitions; plus the internal topics that must exist with their partition counts.
import { AssignmentError } from './errors.js';
import { computeRepartitionPartitionCounts } from './repartition-topics.js';
import { taskKey, type TaskKey } from './task-ids.js';
import type { TopicPartitionRef } from './assignment-info.js';
import type { TopologyMetadata } from './topology-metadata.js';

export interface TaskInfo {
  readonly id: TaskKey;
  readonly subtopology: number;
  readonly partition: number;
  readonly inputPartitions: TopicPartitionRef[];
  readonly changelogPartitions: TopicPartitionRef[];
}

export interface InternalTopicSpec {
  readonly name: string;
  readonly partitions: number;
  readonly kind: 'repartition' | 'changelog';
  readonly config: Readonly<Record<string, string>>;
}

export interface TaskPlan {
  readonly tasks: ReadonlyMap<TaskKey, TaskInfo>;
  /** tasks with at least one changelogged store */
  readonly statefulTasks: ReadonlySet<TaskKey>;
  readonly internalTopics: readonly InternalTopicSpec[];
  /** input partition `topic:partition` -> task */
  readonly taskForPartition: ReadonlyMap<string, TaskKey>;
}

export function partitionKey(topic: string, partition: number): string {
  return `${topic}:${partition}`;
}

/**
 * Plans tasks. `sourceTopicPartitions` holds the partition counts of the user's (external) source topics;
 * repartition topic counts are derived.
 */
export function planTasks(topology: TopologyMetadata, sourceTopicPartitions: ReadonlyMap<string, number>): TaskPlan {
  const repartitionCounts = computeRepartitionPartitionCounts(topology, sourceTopicPartitions);
  const countOf = (t: string): number | undefined => repartitionCounts.get(t) ?? sourceTopicPartitions.get(t);
  const tasks = new Map<TaskKey, TaskInfo>();
  const statefulTasks = new Set<TaskKey>();
  const taskForPartition = new Map<string, TaskKey>();
  const internalTopics: InternalTopicSpec[] = [];
  for (const [topic, partitions] of repartitionCounts) {
    internalTopics.push({ name: topic, partitions, kind: 'repartition', config: repartitionTopicConfig() });
  }
  const subIds = [...topology.subtopologies.keys()].sort((a, b) => a - b);
  for (const sub of subIds) {
    const info = topology.subtopologies.get(sub)!;
    let numTasks = 0;
    for (const t of info.sourceTopics) {
      const n = countOf(t);
      if (n === undefined) throw new AssignmentError('INCOMPLETE_SOURCE_TOPIC_METADATA', `source topic ${t} not found`, true);
      numTasks = Math.max(numTasks, n);
    }
    for (const [changelog, { config }] of info.stateChangelogTopics) {
      // a source topic reused as changelog (optimisation) is not ours to create
      if (!info.sourceTopics.has(changelog)) internalTopics.push({ name: changelog, partitions: numTasks, kind: 'changelog', config: changelogTopicConfig(config) });
    }
    for (let p = 0; p < numTasks; p++) {
      const id = taskKey(sub, p);
      const inputPartitions: TopicPartitionRef[] = [];
      for (const t of [...info.sourceTopics].sort()) {
        if (p < countOf(t)!) {
          inputPartitions.push({ topic: t, partition: p });
          taskForPartition.set(partitionKey(t, p), id);
        }
      }
      const changelogPartitions = [...info.stateChangelogTopics.keys()].sort().map((topic) => ({ topic, partition: p }));
      tasks.set(id, { id, subtopology: sub, partition: p, inputPartitions, changelogPartitions });
      if (changelogPartitions.length > 0) statefulTasks.add(id);
    }
  }
  return { tasks, statefulTasks, internalTopics, taskForPartition };
}

/** Kafka Streams' repartition topic defaults: delete policy, segments of 50 MiB, unlimited retention (purged explicitly) */
export function repartitionTopicConfig(): Record<string, string> {
  return { 'cleanup.policy': 'delete', 'segment.bytes': '52428800', 'retention.ms': '-1' };
}

/** changelogs are compacted unless the store asked otherwise (windowed stores ask for compact,delete with retention) */
export function changelogTopicConfig(storeConfig: Readonly<Record<string, string>>): Record<string, string> {
  return { 'cleanup.policy': 'compact', ...storeConfig };
}
