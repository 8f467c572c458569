import { test } from 'node:test';
import assert from 'node:assert/strict';
import { assignTasks, type ClientState, type TaskAssignment } from '../../src/streams/assignment/index.js';

const tasks = (sub: number, n: number): string[] => Array.from({ length: n }, (_, p) => `${sub}_${p}`);
const config = { numStandbyReplicas: 0, acceptableRecoveryLag: 100, maxWarmupReplicas: 2 };

function client(id: string, opts: Partial<Omit<ClientState, 'processId'>> = {}): ClientState {
  return { processId: id, capacity: 1, prevActive: new Set(), prevStandby: new Set(), taskLags: new Map(), ...opts };
}

/** clients of the next round as the previous round left them: actives at lag 0, standbys at `standbyLag` */
function nextRound(prev: TaskAssignment, ids: string[], standbyLag = 0, capacity: Record<string, number> = {}): ClientState[] {
  return ids.map((id) => {
    const a = prev.clients.get(id);
    const lags = new Map<string, number>();
    for (const t of a?.standby ?? []) lags.set(t, standbyLag);
    for (const t of a?.active ?? []) lags.set(t, 0);
    return client(id, { capacity: capacity[id] ?? 1, prevActive: new Set(a?.active ?? []), prevStandby: new Set(a?.standby ?? []), taskLags: lags });
  });
}

const activeCounts = (r: TaskAssignment): number[] => [...r.clients.values()].map((a) => a.active.size);
function moved(before: TaskAssignment, after: TaskAssignment): number {
  let n = 0;
  for (const [id, a] of after.clients) for (const t of a.active) if (!before.clients.get(id)?.active.has(t)) n++;
  return n;
}
function assertEveryTaskOnce(r: TaskAssignment, all: string[]): void {
  const seen = [...r.clients.values()].flatMap((a) => [...a.active]).sort();
  assert.deepEqual(seen, [...all].sort());
}

test('fresh start: every task exactly once, balanced by capacity', () => {
  const all = [...tasks(0, 7), ...tasks(1, 5)];
  const r = assignTasks({ clients: [client('a'), client('b'), client('c')], statefulTasks: tasks(1, 5), statelessTasks: tasks(0, 7), config });
  assertEveryTaskOnce(r, all);
  assert.deepEqual(activeCounts(r), [4, 4, 4]);
  const stateful = [...r.clients.values()].map((a) => [...a.active].filter((t) => t.startsWith('1_')).length);
  assert.ok(Math.max(...stateful) - Math.min(...stateful) <= 1, `stateful spread ${stateful}`);

  const weighted = assignTasks({ clients: [client('a', { capacity: 2 }), client('b')], statefulTasks: tasks(0, 9), statelessTasks: [], config });
  assert.deepEqual(activeCounts(weighted), [6, 3]);
  assert.equal(weighted.probingRebalanceNeeded, false);
});

test('a rebalance with the same members moves nothing', () => {
  const first = assignTasks({ clients: [client('a'), client('b'), client('c')], statefulTasks: tasks(0, 10), statelessTasks: tasks(1, 6), config });
  const again = assignTasks({ clients: nextRound(first, ['c', 'a', 'b']), statefulTasks: tasks(0, 10), statelessTasks: tasks(1, 6), config });
  assert.equal(moved(first, again), 0);
});

test('scale out: stateless tasks move at once, only as many as balance needs', () => {
  const first = assignTasks({ clients: [client('a'), client('b'), client('c')], statefulTasks: [], statelessTasks: tasks(0, 12), config });
  const out = assignTasks({ clients: nextRound(first, ['a', 'b', 'c', 'd']), statefulTasks: [], statelessTasks: tasks(0, 12), config });
  assert.deepEqual(activeCounts(out), [3, 3, 3, 3]);
  assert.equal(moved(first, out), 3);
  const back = assignTasks({ clients: nextRound(out, ['a', 'b', 'c']), statefulTasks: [], statelessTasks: tasks(0, 12), config });
  assert.deepEqual(activeCounts(back), [4, 4, 4]);
  assert.equal(moved(out, back), 3, 'scale in moves only the removed client tasks');
});

test('scale out with state: the new client warms up first (bounded by max.warmup.replicas), takes over once caught up', () => {
  const stateful = tasks(0, 12);
  const first = assignTasks({ clients: [client('a'), client('b'), client('c')], statefulTasks: stateful, statelessTasks: [], config });
  const withNew = nextRound(first, ['a', 'b', 'c', 'd']);
  const warm = assignTasks({ clients: withNew, statefulTasks: stateful, statelessTasks: [], config });
  assert.equal(moved(first, warm), 0, 'no active task moves to a client without state');
  assert.equal(warm.clients.get('d')!.active.size, 0);
  assert.equal(warm.clients.get('d')!.warmup.size, 2, 'max.warmup.replicas=2');
  assert.ok([...warm.clients.get('d')!.warmup].every((t) => warm.clients.get('d')!.standby.has(t)), 'warm-ups run as standbys');
  assert.equal(warm.probingRebalanceNeeded, true);

  // probing rebalance: the warm-ups have caught up (lag 0), so they become active; the next ones warm up
  const probe1 = assignTasks({ clients: nextRound(warm, ['a', 'b', 'c', 'd']), statefulTasks: stateful, statelessTasks: [], config });
  assert.equal(probe1.clients.get('d')!.active.size, 2);
  assert.equal(moved(warm, probe1), 2);
  assert.equal(probe1.clients.get('d')!.warmup.size, 1);
  const probe2 = assignTasks({ clients: nextRound(probe1, ['a', 'b', 'c', 'd']), statefulTasks: stateful, statelessTasks: [], config });
  assert.deepEqual(activeCounts(probe2), [3, 3, 3, 3]);
  assert.equal(probe2.probingRebalanceNeeded, false);
  assert.equal(moved(first, probe2), 3, 'three tasks moved in all, the minimum for balance');
});

test('a client within acceptable.recovery.lag counts as caught up and takes tasks at once', () => {
  const stateful = tasks(0, 4);
  const first = assignTasks({ clients: [client('a')], statefulTasks: stateful, statelessTasks: [], config });
  const b = client('b', { taskLags: new Map(stateful.map((t) => [t, 50])) });
  const r = assignTasks({ clients: [...nextRound(first, ['a']), b], statefulTasks: stateful, statelessTasks: [], config });
  assert.deepEqual(activeCounts(r), [2, 2]);
  assert.equal(r.probingRebalanceNeeded, false);
  const far = client('b', { taskLags: new Map(stateful.map((t) => [t, 5000])) });
  const r2 = assignTasks({ clients: [...nextRound(first, ['a']), far], statefulTasks: stateful, statelessTasks: [], config });
  assert.deepEqual(activeCounts(r2), [4, 0]);
});

test('standbys: never with their active, one per task per replica, spread evenly, sticky', () => {
  const stateful = tasks(0, 12);
  const cfg = { ...config, numStandbyReplicas: 1 };
  const r = assignTasks({ clients: [client('a'), client('b'), client('c')], statefulTasks: stateful, statelessTasks: tasks(1, 3), config: cfg });
  for (const t of stateful) {
    const holders = [...r.clients.values()].filter((a) => a.standby.has(t));
    assert.equal(holders.length, 1, `one standby for ${t}`);
    assert.ok(!holders[0]!.active.has(t), `standby of ${t} not with its active`);
  }
  for (const t of tasks(1, 3)) assert.ok([...r.clients.values()].every((a) => !a.standby.has(t)), 'stateless tasks get no standby');
  assert.deepEqual([...r.clients.values()].map((a) => a.standby.size), [4, 4, 4]);

  const again = assignTasks({ clients: nextRound(r, ['a', 'b', 'c']), statefulTasks: stateful, statelessTasks: tasks(1, 3), config: cfg });
  for (const [id, a] of again.clients) assert.deepEqual([...a.standby].sort(), [...r.clients.get(id)!.standby].sort(), 'standbys stay put');

  const two = assignTasks({ clients: [client('a'), client('b'), client('c')], statefulTasks: stateful, statelessTasks: [], config: { ...cfg, numStandbyReplicas: 2 } });
  for (const t of stateful) assert.equal([...two.clients.values()].filter((a) => a.standby.has(t) || a.active.has(t)).length, 3);
  // more replicas than clients: as many as fit
  const few = assignTasks({ clients: [client('a'), client('b')], statefulTasks: stateful, statelessTasks: [], config: { ...cfg, numStandbyReplicas: 3 } });
  for (const t of stateful) assert.equal([...few.clients.values()].filter((a) => a.standby.has(t)).length, 1);
});

test('failover: a dead client tasks go to the clients holding their standbys, without warm-up', () => {
  const stateful = tasks(0, 9);
  const cfg = { ...config, numStandbyReplicas: 1 };
  const r = assignTasks({ clients: [client('a'), client('b'), client('c')], statefulTasks: stateful, statelessTasks: [], config: cfg });
  const lost = [...r.clients.get('c')!.active];
  const after = assignTasks({ clients: nextRound(r, ['a', 'b'], 10), statefulTasks: stateful, statelessTasks: [], config: cfg });
  for (const t of lost) {
    const standbyHolder = [...r.clients].find(([, a]) => a.standby.has(t))![0];
    assert.ok(after.clients.get(standbyHolder)!.active.has(t), `${t} taken over by its standby on ${standbyHolder}`);
  }
  assert.equal(after.probingRebalanceNeeded, false);
  assertEveryTaskOnce(after, stateful);
  const counts = activeCounts(after);
  assert.ok(Math.max(...counts) - Math.min(...counts) <= 1, `balanced after failover: ${counts}`);
  // tasks that a and b already ran stay
  for (const id of ['a', 'b']) for (const t of r.clients.get(id)!.active) assert.ok(after.clients.get(id)!.active.has(t));
});

test('scale out with stateful and stateless tasks: after the probing rounds exactly the minimum has moved', () => {
  const stateful = tasks(1, 6);
  const stateless = tasks(0, 6);
  let round = assignTasks({ clients: [client('a'), client('b')], statefulTasks: stateful, statelessTasks: stateless, config });
  const two = round;
  const ids = ['a', 'b', 'c'];
  for (let i = 0; i < 5; i++) {
    round = assignTasks({ clients: nextRound(round, ids), statefulTasks: stateful, statelessTasks: stateless, config });
    if (!round.probingRebalanceNeeded) break;
  }
  assert.equal(round.probingRebalanceNeeded, false);
  assert.deepEqual(activeCounts(round), [4, 4, 4]);
  for (const a of round.clients.values()) assert.equal([...a.active].filter((t) => t.startsWith('1_')).length, 2);
  assert.equal(moved(two, round), 4);
});
