// The leader's whole job in one pure function: from every member's subscription to every member's
// partitions and AssignmentInfo. Members are grouped into clients by process id, tasks are assigned to
// clients (high-availability assignor), then spread over each client's threads, sticky and balanced.
// Cooperative rebalancing: a task whose partitions another member still owns is withheld for this
// generation; the owner revokes them and the follow-up rebalance hands them over (two phases).
import { ASSIGNMENT_INFO_VERSION, NO_FOLLOWUP_REBALANCE, type AssignmentInfo, type TopicPartitionRef } from './assignment-info.js';
import { assignTasks, type AssignorConfig, type ClientState } from './high-availability-assignor.js';
import { computeTaskLags } from './task-lags.js';
import { partitionKey, type TaskPlan } from './task-plan.js';
import { LATEST_OFFSET, SUBSCRIPTION_INFO_VERSION, type SubscriptionInfo } from './subscription-info.js';
import { compareTaskKeys, sortedTasks, type TaskKey } from './task-ids.js';

export interface StreamsMember {
  readonly memberId: string;
  readonly info: SubscriptionInfo;
  /** partitions this member owns now (cooperative protocol) */
  readonly ownedPartitions: readonly TopicPartitionRef[];
}

export interface GroupAssignmentConfig extends AssignorConfig {
  readonly probingRebalanceIntervalMs: number;
}

export interface GroupAssignmentInput {
  readonly members: readonly StreamsMember[];
  readonly plan: TaskPlan;
  /** sum of changelog end offsets per stateful task */
  readonly endOffsetSums: ReadonlyMap<TaskKey, number>;
  readonly config: GroupAssignmentConfig;
  readonly nowMs: number;
}

export interface MemberAssignment {
  readonly partitions: TopicPartitionRef[];
  readonly info: AssignmentInfo;
}

export interface GroupAssignment {
  readonly members: Map<string, MemberAssignment>;
  /** per process id, the client-level result (for logs and tests) */
  readonly clients: ReturnType<typeof assignTasks>['clients'];
  readonly withheldTasks: ReadonlySet<TaskKey>;
  readonly probingRebalanceNeeded: boolean;
}

/** an instance asked the whole application to shut down (Kafka's AssignorError.SHUTDOWN_REQUESTED) */
export const SHUTDOWN_REQUESTED = 2;

export function assignGroup(input: GroupAssignmentInput): GroupAssignment {
  const { plan } = input;
  const byProcess = new Map<string, StreamsMember[]>();
  for (const m of [...input.members].sort((a, b) => (a.memberId < b.memberId ? -1 : 1))) {
    let list = byProcess.get(m.info.processId);
    if (!list) byProcess.set(m.info.processId, (list = []));
    list.push(m);
  }
  const ownedTasks = (m: StreamsMember): Set<TaskKey> => {
    const out = new Set<TaskKey>();
    for (const tp of m.ownedPartitions) {
      const t = plan.taskForPartition.get(partitionKey(tp.topic, tp.partition));
      if (t !== undefined) out.add(t);
    }
    return out;
  };
  const prevActiveOf = (m: StreamsMember): Set<TaskKey> => {
    const s = ownedTasks(m);
    for (const t of m.info.prevActiveTasks) if (plan.tasks.has(t)) s.add(t);
    return s;
  };

  const clientStates: ClientState[] = [];
  for (const [processId, members] of byProcess) {
    const prevActive = new Set<TaskKey>();
    const prevStandby = new Set<TaskKey>();
    const sums = new Map<TaskKey, number>();
    for (const m of members) {
      for (const t of prevActiveOf(m)) prevActive.add(t);
      for (const t of m.info.prevStandbyTasks) if (plan.tasks.has(t)) prevStandby.add(t);
      for (const [t, s] of m.info.taskOffsetSums) {
        const cur = sums.get(t);
        if (cur === LATEST_OFFSET) continue;
        if (s === LATEST_OFFSET || cur === undefined || s > cur) sums.set(t, s);
      }
    }
    for (const t of prevActive) if (plan.statefulTasks.has(t)) sums.set(t, LATEST_OFFSET);
    const endSums = new Map<TaskKey, number>();
    for (const t of plan.statefulTasks) endSums.set(t, input.endOffsetSums.get(t) ?? 0);
    const lags = computeTaskLags(sums, endSums);
    // a client without any local state for a task has no lag entry: it is not a candidate for stickiness
    for (const t of plan.statefulTasks) if (!sums.has(t) && (input.endOffsetSums.get(t) ?? 0) > 0) lags.delete(t);
    clientStates.push({ processId, capacity: members.length, prevActive, prevStandby, taskLags: lags });
  }

  const statelessTasks = [...plan.tasks.keys()].filter((t) => !plan.statefulTasks.has(t));
  const clientResult = assignTasks({ clients: clientStates, statefulTasks: plan.statefulTasks, statelessTasks, config: input.config });

  // spread each client's tasks over its threads
  const activeByMember = new Map<string, Set<TaskKey>>();
  const standbyByMember = new Map<string, Set<TaskKey>>();
  for (const [processId, members] of byProcess) {
    const a = clientResult.clients.get(processId)!;
    const actives = distribute(members, sortedTasks(a.active), (m) => prevActiveOf(m), () => 0);
    for (const [id, s] of actives) activeByMember.set(id, s);
    const standbys = distribute(
      members,
      sortedTasks(a.standby),
      (m) => new Set(m.info.prevStandbyTasks),
      (m) => activeByMember.get(m.memberId)!.size,
    );
    for (const [id, s] of standbys) standbyByMember.set(id, s);
  }

  // cooperative: withhold tasks whose partitions another member still owns
  const ownerOfPartition = new Map<string, string>();
  for (const m of input.members) for (const tp of m.ownedPartitions) ownerOfPartition.set(partitionKey(tp.topic, tp.partition), m.memberId);
  const withheld = new Set<TaskKey>();
  const withheldFor = new Set<string>();
  for (const [memberId, tasks] of activeByMember) {
    for (const t of [...tasks]) {
      const busy = plan.tasks.get(t)!.inputPartitions.some((tp) => {
        const owner = ownerOfPartition.get(partitionKey(tp.topic, tp.partition));
        return owner !== undefined && owner !== memberId;
      });
      if (busy) {
        tasks.delete(t);
        withheld.add(t);
        withheldFor.add(memberId);
      }
    }
  }

  const partitionsByHost = new Map<string, TopicPartitionRef[]>();
  const standbyPartitionsByHost = new Map<string, TopicPartitionRef[]>();
  for (const [, members] of byProcess) {
    const host = members[0]!.info.userEndPoint;
    if (host === '') continue;
    const act: TopicPartitionRef[] = [];
    const stb: TopicPartitionRef[] = [];
    for (const m of members) {
      for (const t of sortedTasks(activeByMember.get(m.memberId)!)) act.push(...plan.tasks.get(t)!.inputPartitions);
      for (const t of sortedTasks(standbyByMember.get(m.memberId)!)) stb.push(...plan.tasks.get(t)!.inputPartitions);
    }
    partitionsByHost.set(host, act);
    standbyPartitionsByHost.set(host, stb);
  }

  const shutdown = input.members.some((m) => m.info.errorCode === SHUTDOWN_REQUESTED);
  const commonVersion = Math.min(SUBSCRIPTION_INFO_VERSION, ...input.members.map((m) => m.info.latestSupportedVersion));
  const members = new Map<string, MemberAssignment>();
  for (const m of input.members) {
    const activeTasks = new Map<TaskKey, TopicPartitionRef[]>();
    const partitions: TopicPartitionRef[] = [];
    for (const t of sortedTasks(shutdown ? [] : activeByMember.get(m.memberId)!)) {
      const tps = plan.tasks.get(t)!.inputPartitions;
      activeTasks.set(t, tps);
      partitions.push(...tps);
    }
    const standbyTasks = new Map<TaskKey, TopicPartitionRef[]>();
    for (const t of sortedTasks(shutdown ? [] : standbyByMember.get(m.memberId)!)) standbyTasks.set(t, plan.tasks.get(t)!.inputPartitions);
    let nextRebalanceMs = NO_FOLLOWUP_REBALANCE;
    if (clientResult.probingRebalanceNeeded) nextRebalanceMs = input.nowMs + input.config.probingRebalanceIntervalMs;
    if (withheldFor.has(m.memberId)) nextRebalanceMs = 0;
    members.set(m.memberId, {
      partitions,
      info: {
        version: ASSIGNMENT_INFO_VERSION,
        commonlySupportedVersion: Math.min(ASSIGNMENT_INFO_VERSION, commonVersion),
        activeTasks,
        standbyTasks,
        partitionsByHost,
        standbyPartitionsByHost,
        errorCode: shutdown ? SHUTDOWN_REQUESTED : 0,
        nextRebalanceMs,
      },
    });
  }
  return { members, clients: clientResult.clients, withheldTasks: withheld, probingRebalanceNeeded: clientResult.probingRebalanceNeeded };
}

/** tasks to members: each keeps what it had up to an even share, the rest go to the least loaded */
function distribute(
  members: readonly StreamsMember[],
  tasks: readonly TaskKey[],
  had: (m: StreamsMember) => ReadonlySet<TaskKey>,
  baseLoad: (m: StreamsMember) => number,
): Map<string, Set<TaskKey>> {
  const out = new Map<string, Set<TaskKey>>(members.map((m) => [m.memberId, new Set<TaskKey>()]));
  const total = tasks.length + members.reduce((s, m) => s + baseLoad(m), 0);
  const quota = Math.ceil(total / members.length);
  const load = (m: StreamsMember): number => out.get(m.memberId)!.size + baseLoad(m);
  const rest: TaskKey[] = [];
  const prev = members.map((m) => ({ m, had: had(m) }));
  for (const t of tasks) {
    const owner = prev.find((p) => p.had.has(t))?.m;
    if (owner && load(owner) < quota) out.get(owner.memberId)!.add(t);
    else rest.push(t);
  }
  for (const t of rest.sort(compareTaskKeys)) {
    let best = members[0]!;
    for (const m of members) if (load(m) < load(best)) best = m;
    out.get(best.memberId)!.add(t);
  }
  return out;
}
