// The `stream` assignor of the consumer-group protocol. Every thread's consumer carries one: it writes
// the thread's SubscriptionInfo, and on the leader turns all subscriptions into task assignments
// (creating internal topics and reading changelog end offsets first); every member decodes its
// AssignmentInfo in onAssignment.
import type { Admin, Assignment, AssignmentInput, PartitionAssignor, TopicPartitions } from '../../../client/index.js';
import {
  assignGroup,
  decodeAssignmentInfo,
  decodeSubscriptionInfo,
  encodeAssignmentInfo,
  encodeSubscriptionInfo,
  planTasks,
  SUBSCRIPTION_INFO_VERSION,
  type AssignmentInfo,
  type GroupAssignment,
  type StreamsMember,
  type SubscriptionInfo,
  type TaskPlan,
  type TopologyMetadata,
} from '../../assignment/index.js';
import type { InternalTopicManager } from './internal-topic-manager.js';

export interface StreamsAssignorHost {
  /** this thread's subscription info, built fresh for every join */
  subscriptionInfo(): SubscriptionInfo;
  /** receives this thread's assignment after SyncGroup */
  onAssignment(info: AssignmentInfo, generationId: number): void;
}

export interface StreamsAssignorOptions {
  host: StreamsAssignorHost;
  topology: TopologyMetadata;
  admin: Admin;
  topics: InternalTopicManager;
  config: { numStandbyReplicas: number; acceptableRecoveryLag: number; maxWarmupReplicas: number; probingRebalanceIntervalMs: number };
  /** tells the instance what the leader computed (tests and logs) */
  onLeaderAssignment?: (result: GroupAssignment, plan: TaskPlan) => void;
}

export class StreamsAssignor implements PartitionAssignor {
  readonly name = 'stream';
  readonly rebalanceProtocol = 'cooperative' as const;

  constructor(private readonly options: StreamsAssignorOptions) {}

  subscriptionUserData(): Buffer {
    return encodeSubscriptionInfo(this.options.host.subscriptionInfo());
  }

  async assign(input: AssignmentInput): Promise<Map<string, Assignment>> {
    const { topology, topics, admin } = this.options;
    const external = new Map<string, number>();
    const sourceTopics = new Set<string>();
    for (const sub of topology.subtopologies.values()) for (const t of sub.sourceTopics) if (!sub.repartitionSourceTopics.has(t)) sourceTopics.add(t);
    const known = await topics.partitionCounts(sourceTopics);
    for (const t of sourceTopics) {
      const n = input.partitionsPerTopic.get(t) ?? known.get(t);
      if (n !== undefined) external.set(t, n);
    }
    const plan = planTasks(topology, external);
    await topics.ensure(plan.internalTopics);

    const changelogPartitions = [...plan.statefulTasks].flatMap((t) => plan.tasks.get(t)!.changelogPartitions);
    const endOffsets = new Map<string, number>();
    if (changelogPartitions.length > 0) {
      for (const r of await admin.listOffsets(changelogPartitions.map((tp) => ({ ...tp, spec: 'latest' as const })))) {
        endOffsets.set(`${r.topic}:${r.partition}`, Number(r.offset));
      }
    }
    const endOffsetSums = new Map<string, number>();
    for (const t of plan.statefulTasks) {
      let sum = 0;
      for (const tp of plan.tasks.get(t)!.changelogPartitions) sum += Math.max(0, endOffsets.get(`${tp.topic}:${tp.partition}`) ?? 0);
      endOffsetSums.set(t, sum);
    }

    const members: StreamsMember[] = input.members.map((m) => ({
      memberId: m.memberId,
      info: decodeSubscriptionInfo(m.subscription.userData ?? Buffer.alloc(0)),
      ownedPartitions: m.subscription.ownedPartitions.flatMap((tp) => tp.partitions.map((partition) => ({ topic: tp.topic, partition }))),
    }));
    const result = assignGroup({ members, plan, endOffsetSums, config: this.options.config, nowMs: Date.now() });
    this.options.onLeaderAssignment?.(result, plan);
    const out = new Map<string, Assignment>();
    for (const [memberId, a] of result.members) {
      const byTopic = new Map<string, number[]>();
      for (const tp of a.partitions) {
        let list = byTopic.get(tp.topic);
        if (!list) byTopic.set(tp.topic, (list = []));
        list.push(tp.partition);
      }
      const partitions: TopicPartitions[] = [...byTopic].map(([topic, parts]) => ({ topic, partitions: parts }));
      out.set(memberId, { partitions, userData: encodeAssignmentInfo(a.info) });
    }
    return out;
  }

  onAssignment(assignment: Assignment, generationId: number): void {
    if (assignment.userData === null || assignment.userData.length === 0) return;
    this.options.host.onAssignment(decodeAssignmentInfo(assignment.userData), generationId);
  }
}

export { SUBSCRIPTION_INFO_VERSION };
