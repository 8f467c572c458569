// Chaos under exactly-once v2: three instances (separate processes) run a stateful topology with a
// repartition while input flows.
// 1. A loop kills -9 a random instance and restarts it, again and again. A read_committed consumer of
//    the output sees per group exactly the updates count 1, 2, …, N (no duplicate, no gap) and the final
//    tally holds every input record once.
// 2. A zombie: the busiest instance is paused (SIGSTOP) until the group evicts it and its tasks run
//    elsewhere, then resumed (SIGCONT). It must be fenced (its log says so), close its tasks dirty and
//    rejoin; the results stay exact.
// Longer local run: CHAOS_KILLS=40 CHAOS_RATE=500 node scripts/run-tests.mjs --no-static test/runtime/chaos-eos.test.ts
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkExact, chaosStage, envNumber, runKillChaos, runZombie } from './chaos-harness.js';


/** what the runtime logs when a zombie finds out it was fenced (a producer fenced, a commit refused by the group) */
const FENCED = /fenc|migrated|ILLEGAL_GENERATION|UNKNOWN_MEMBER_ID|INVALID_PRODUCER_EPOCH|PRODUCER_FENCED/i;

function shared(t: { diagnostic: (m: string) => void }, bootstrap: string, applicationId: string, dirs: [string, string, string]) {
  return {
    bootstrap,
    applicationId,
    guarantee: 'exactly_once_v2' as const,
    stateDirs: dirs,
    ratePerSecond: envNumber('CHAOS_RATE', 300),
    groups: envNumber('CHAOS_GROUPS', 16),
    log: (line: string) => t.diagnostic(line),
  };
}

test('exactly-once chaos: kill -9 random instances again and again while input flows: read_committed output exact', { timeout: 240_000 }, async (t) => {
  const seed = envNumber('CHAOS_SEED', Math.floor(Math.random() * 2 ** 31));
  const { broker, dirs, track } = await chaosStage(t);
  const result = await runKillChaos(
    {
      ...shared(t, broker.address, 'chaos-eos', dirs),
      kills: envNumber('CHAOS_KILLS', 6),
      minGapMs: envNumber('CHAOS_MIN_GAP_MS', 1500),
      maxGapMs: envNumber('CHAOS_MAX_GAP_MS', 3000),
      seed,
    },
    track,
  );
  t.after(() => result.reader.close());
  const problems = checkExact(result);
  assert.deepEqual(problems, [], `seed ${seed}: ${result.actions.join(' ')}`);
  t.diagnostic(
    `seed ${seed}: ${result.sent} records in ${result.perGroup.length} groups, ${result.actions.length} kills -9; read_committed output: ` +
      `${result.reader.records} updates, exactly 1..N per group, no duplicate, no loss; chaos ${result.chaosMs} ms, drain ${result.drainMs} ms, total ${result.totalMs} ms`,
  );
});

test('exactly-once zombie: a paused instance is evicted, resumed, fenced, rejoins; read_committed output exact', { timeout: 240_000 }, async (t) => {
  const { broker, dirs, track } = await chaosStage(t);
  const result = await runZombie(
    { ...shared(t, broker.address, 'chaos-eos-zombie', dirs), pausedAfterEvictionMs: envNumber('CHAOS_ZOMBIE_EXTRA_PAUSE_MS', 2000) },
    track,
  );
  t.after(() => result.reader.close());
  const problems = checkExact(result);
  assert.deepEqual(problems, [], result.actions.join(' '));
  assert.match(result.zombieLog, FENCED, `${result.zombie} did not log that it was fenced after SIGCONT (${result.actions.join(' ')}); its log:\n${result.zombieLog.slice(-3000)}`);
  const fencingLine = result.zombieLog.split('\n').find((l) => FENCED.test(l)) ?? '';
  t.diagnostic(
    `${result.sent} records; ${result.actions.join(' ')}; the zombie logged: ${fencingLine}; read_committed output exact (${result.reader.records} updates); total ${result.totalMs} ms`,
  );
});

test('exactly-once zombie paused inside a commit (offsets in the transaction, EndTxn held): read_committed output exact', { timeout: 240_000 }, async (t) => {
  const { broker, dirs, track } = await chaosStage(t);
  const result = await runZombie(
    {
      ...shared(t, broker.address, 'chaos-eos-zombie-in-commit', dirs),
      pausedAfterEvictionMs: envNumber('CHAOS_ZOMBIE_EXTRA_PAUSE_MS', 2000),
      pauseInCommit: (interceptor) => broker.intercept(interceptor),
    },
    track,
  );
  t.after(() => result.reader.close());
  const problems = checkExact(result);
  assert.deepEqual(problems, [], result.actions.join(' '));
  t.diagnostic(`${result.sent} records; ${result.actions.join(' ')}; read_committed output exact (${result.reader.records} updates); total ${result.totalMs} ms`);
});
