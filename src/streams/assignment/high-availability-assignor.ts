// Task assignment across KafkaStreams instances (clients), the high-availability way (KIP-441):
//  1. a balanced, sticky target for the stateful active tasks (capacity = stream threads of a client);
//  2. where the target client is not caught up (lag > acceptable.recovery.lag) and some other client is,
//     the task stays active on a caught-up client and the target builds state as a warm-up replica
//     (at most max.warmup.replicas at once); a probing rebalance later moves it once caught up;
//  3. stateless tasks fill up the balance, sticky where possible;
//  4. num.standby.replicas standbys per stateful task, never on the client running it (nor its warm-up),
//     sticky to clients that hold them already, spread evenly.
// Pure function: same input, same output (clients and tasks visited in sorted order).
import { compareTaskKeys, sortedTasks, type TaskKey } from './task-ids.js';

export interface ClientState {
  readonly processId: string;
  /** stream threads (group members) of this client */
  readonly capacity: number;
  readonly prevActive: ReadonlySet<TaskKey>;
  readonly prevStandby: ReadonlySet<TaskKey>;
  /** lag of the local state per stateful task (computeTaskLags); missing = no state at all */
  readonly taskLags: ReadonlyMap<TaskKey, number>;
}

export interface AssignorConfig {
  readonly numStandbyReplicas: number;
  readonly acceptableRecoveryLag: number;
  readonly maxWarmupReplicas: number;
}

export interface ClientAssignment {
  readonly active: Set<TaskKey>;
  /** standbys, warm-ups included (a warm-up is a standby the next probing rebalance may promote) */
  readonly standby: Set<TaskKey>;
  readonly warmup: Set<TaskKey>;
}

export interface TaskAssignment {
  readonly clients: Map<string, ClientAssignment>;
  /** warm-ups were placed: rebalance again after probing.rebalance.interval.ms */
  readonly probingRebalanceNeeded: boolean;
}

export interface TaskAssignmentInput {
  readonly clients: readonly ClientState[];
  readonly statefulTasks: Iterable<TaskKey>;
  readonly statelessTasks: Iterable<TaskKey>;
  readonly config: AssignorConfig;
}

const lagOf = (c: ClientState, task: TaskKey): number => c.taskLags.get(task) ?? Number.POSITIVE_INFINITY;

export function assignTasks(input: TaskAssignmentInput): TaskAssignment {
  const clients = [...input.clients].sort((a, b) => (a.processId < b.processId ? -1 : a.processId > b.processId ? 1 : 0));
  const result = new Map<string, ClientAssignment>();
  for (const c of clients) result.set(c.processId, { active: new Set(), standby: new Set(), warmup: new Set() });
  if (clients.length === 0) return { clients: result, probingRebalanceNeeded: false };
  const stateful = sortedTasks(input.statefulTasks);
  const stateless = sortedTasks(input.statelessTasks);
  const totalCapacity = clients.reduce((s, c) => s + c.capacity, 0);

  // 1. balanced sticky target for stateful actives
  const target = balancedStickyAssignment(clients, stateful, totalCapacity, (c, t) => c.prevActive.has(t), (c, t) => lagOf(c, t));

  // 2. caught-up constraint and warm-ups
  const { config } = input;
  let warmups = 0;
  const ownerOf = new Map<TaskKey, string>();
  for (const [pid, tasks] of target) for (const t of tasks) ownerOf.set(t, pid);
  const byId = new Map(clients.map((c) => [c.processId, c]));
  for (const task of stateful) {
    const dest = byId.get(ownerOf.get(task)!)!;
    const caughtUp = clients.filter((c) => lagOf(c, task) <= config.acceptableRecoveryLag);
    let owner = dest;
    if (caughtUp.length > 0 && !caughtUp.includes(dest)) {
      owner = caughtUp.find((c) => c.prevActive.has(task)) ?? minBy(caughtUp, (c) => lagOf(c, task));
      if (warmups < config.maxWarmupReplicas) {
        result.get(dest.processId)!.warmup.add(task);
        warmups++;
      }
    }
    result.get(owner.processId)!.active.add(task);
  }

  // 3. stateless tasks level the total load, counted against the stateful *target* (where the warm-ups
  //    will take their tasks once caught up), so that a probing rebalance does not reshuffle them again
  const statelessOf = new Map<string, number>(clients.map((c) => [c.processId, 0]));
  const plannedLoad = (c: ClientState): number => target.get(c.processId)!.size + statelessOf.get(c.processId)!;
  const place = (c: ClientState, task: TaskKey): void => {
    result.get(c.processId)!.active.add(task);
    statelessOf.set(c.processId, statelessOf.get(c.processId)! + 1);
  };
  const totalActive = stateful.length + stateless.length;
  const quota = (c: ClientState): number => Math.ceil((totalActive * c.capacity) / totalCapacity);
  const unplaced: TaskKey[] = [];
  for (const task of stateless) {
    const prev = clients.find((c) => c.prevActive.has(task));
    if (prev && plannedLoad(prev) < quota(prev)) place(prev, task);
    else unplaced.push(task);
  }
  for (const task of unplaced) place(minBy(clients, (c) => (plannedLoad(c) + 1) / c.capacity), task);
  // move stateless tasks from the most to the least loaded client while that improves balance
  const statelessSet = new Set(stateless);
  for (;;) {
    const most = maxBy(clients, (c) => plannedLoad(c) / c.capacity);
    const least = minBy(clients, (c) => plannedLoad(c) / c.capacity);
    if (most === least || (plannedLoad(most) - 1) / most.capacity < (plannedLoad(least) + 1) / least.capacity) break;
    const movable = [...result.get(most.processId)!.active].filter((t) => statelessSet.has(t)).sort(compareTaskKeys);
    if (movable.length === 0) break;
    const pick = movable.find((t) => !most.prevActive.has(t)) ?? movable[movable.length - 1]!;
    result.get(most.processId)!.active.delete(pick);
    statelessOf.set(most.processId, statelessOf.get(most.processId)! - 1);
    place(least, pick);
  }

  // 4. standbys
  if (config.numStandbyReplicas > 0 && clients.length > 1) {
    const standbyCount = (c: ClientState): number => result.get(c.processId)!.standby.size;
    const totalStandbys = stateful.length * Math.min(config.numStandbyReplicas, clients.length - 1);
    const standbyQuota = (c: ClientState): number => Math.ceil((totalStandbys * c.capacity) / totalCapacity);
    const eligible = (c: ClientState, task: TaskKey): boolean => {
      const a = result.get(c.processId)!;
      return !a.active.has(task) && !a.standby.has(task) && !a.warmup.has(task);
    };
    const remaining = new Map<TaskKey, number>();
    for (const task of stateful) remaining.set(task, config.numStandbyReplicas);
    // sticky pass: clients that hold the task's state already keep a standby for it
    for (const task of stateful) {
      const holders = clients
        .filter((c) => (c.prevStandby.has(task) || c.prevActive.has(task)) && eligible(c, task))
        .sort((a, b) => lagOf(a, task) - lagOf(b, task));
      for (const c of holders) {
        if (remaining.get(task)! === 0) break;
        if (standbyCount(c) >= standbyQuota(c)) continue;
        result.get(c.processId)!.standby.add(task);
        remaining.set(task, remaining.get(task)! - 1);
      }
    }
    for (const task of stateful) {
      while (remaining.get(task)! > 0) {
        const candidates = clients.filter((c) => eligible(c, task));
        if (candidates.length === 0) break; // fewer clients than replicas asked for
        const c = minBy(candidates, (x) => (standbyCount(x) + 1) / x.capacity + (lagOf(x, task) === Number.POSITIVE_INFINITY ? 1e-9 : 0));
        result.get(c.processId)!.standby.add(task);
        remaining.set(task, remaining.get(task)! - 1);
      }
    }
  }
  // warm-ups are standbys from the member's point of view
  for (const a of result.values()) for (const t of a.warmup) a.standby.add(t);
  return { clients: result, probingRebalanceNeeded: warmups > 0 };
}

/**
 * Assigns `tasks` to clients in proportion to capacity, keeping a task where `wasOwner` says it was as long
 * as that client stays within its share, then preferring clients with the least lag, then the least loaded,
 * and finally moving tasks off overloaded clients until no move improves the balance.
 */
export function balancedStickyAssignment(
  clients: readonly ClientState[],
  tasks: readonly TaskKey[],
  totalCapacity: number,
  wasOwner: (c: ClientState, t: TaskKey) => boolean,
  lag: (c: ClientState, t: TaskKey) => number,
): Map<string, Set<TaskKey>> {
  const assigned = new Map<string, Set<TaskKey>>(clients.map((c) => [c.processId, new Set<TaskKey>()]));
  const count = (c: ClientState): number => assigned.get(c.processId)!.size;
  const quota = (c: ClientState): number => Math.ceil((tasks.length * c.capacity) / totalCapacity);
  const rest: TaskKey[] = [];
  for (const t of tasks) {
    const prev = clients.find((c) => wasOwner(c, t));
    if (prev && count(prev) < quota(prev)) assigned.get(prev.processId)!.add(t);
    else rest.push(t);
  }
  for (const t of rest) {
    const open = clients.filter((c) => count(c) < quota(c));
    const pool = open.length > 0 ? open : clients;
    const withState = pool.filter((c) => Number.isFinite(lag(c, t)));
    const c = withState.length > 0 && open.length > 0 ? minBy(withState, (x) => lag(x, t) * 1e6 + count(x) / x.capacity) : minBy(pool, (x) => (count(x) + 1) / x.capacity);
    assigned.get(c.processId)!.add(t);
  }
  for (;;) {
    const most = maxBy(clients, (c) => count(c) / c.capacity);
    const least = minBy(clients, (c) => count(c) / c.capacity);
    if (most === least || (count(most) - 1) / most.capacity < (count(least) + 1) / least.capacity) break;
    const from = [...assigned.get(most.processId)!].sort(compareTaskKeys);
    // move the task the receiver is best prepared for, and one the sender did not own before if possible
    const pick = minBy(from.map((t) => ({ t })), ({ t }) => (wasOwner(most, t) ? 1e15 : 0) + Math.min(lag(least, t), 1e14)).t;
    assigned.get(most.processId)!.delete(pick);
    assigned.get(least.processId)!.add(pick);
  }
  return assigned;
}

function minBy<T>(items: readonly T[], score: (x: T) => number): T {
  let best = items[0]!;
  let bestScore = score(best);
  for (let i = 1; i < items.length; i++) {
    const s = score(items[i]!);
    if (s < bestScore) {
      best = items[i]!;
      bestScore = s;
    }
  }
  return best;
}

function maxBy<T>(items: readonly T[], score: (x: T) => number): T {
  return minBy(items, (x) => -score(x));
}
