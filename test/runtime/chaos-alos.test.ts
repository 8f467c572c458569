// Chaos under at-least-once: three instances (separate processes) run a stateful topology with a
// repartition while input flows and a loop kills -9 a random instance and restarts it, again and again.
// At the end every input record's effect is in the output (no loss); duplicates are counted and reported.
// Longer local run: CHAOS_KILLS=40 CHAOS_RATE=500 node scripts/run-tests.mjs --no-static test/runtime/chaos-alos.test.ts
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkNoLoss, chaosStage, envNumber, runKillChaos } from './chaos-harness.js';


test('at-least-once chaos: kill -9 random instances again and again while input flows: no record lost', { timeout: 240_000 }, async (t) => {
  const seed = envNumber('CHAOS_SEED', Math.floor(Math.random() * 2 ** 31));
  const { broker, dirs, track } = await chaosStage(t);
  const result = await runKillChaos(
    {
      bootstrap: broker.address,
      applicationId: 'chaos-alos',
      guarantee: 'at_least_once',
      stateDirs: dirs,
      kills: envNumber('CHAOS_KILLS', 6),
      minGapMs: envNumber('CHAOS_MIN_GAP_MS', 1500),
      maxGapMs: envNumber('CHAOS_MAX_GAP_MS', 3000),
      ratePerSecond: envNumber('CHAOS_RATE', 300),
      groups: envNumber('CHAOS_GROUPS', 16),
      seed,
      log: (line) => t.diagnostic(line),
    },
    track,
  );
  t.after(() => result.reader.close());

  const { stateDuplicates, extraUpdates, problems } = checkNoLoss(result);
  assert.deepEqual(problems, [], `seed ${seed}: ${result.actions.join(' ')}`);
  t.diagnostic(
    `seed ${seed}: ${result.sent} records in ${result.perGroup.length} groups, ${result.actions.length} kills -9, no loss; ` +
      `duplicates applied to the state: ${stateDuplicates}; extra output updates: ${extraUpdates}; ` +
      `chaos ${result.chaosMs} ms, drain ${result.drainMs} ms, total ${result.totalMs} ms`,
  );
});
