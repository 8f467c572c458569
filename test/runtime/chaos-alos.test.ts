// Chaos under at-least-once: three instances (separate processes) run a stateful topology with a
// repartition while input flows and a loop kills -9 a random instance and restarts it, again and again.
// At the end every input record's effect is in the output (no loss); duplicates are counted and reported.
// Longer local run: CHAOS_KILLS=40 CHAOS_RATE=500 node scripts/run-tests.mjs --no-static test/runtime/chaos-alos.test.ts
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { startBroker } from '../../src/broker/index.js';
import { tempStateDir } from './helpers.js';
import { compareBits, createChaosTopics, envNumber, runKillChaos, type ChaosInstance } from './chaos-harness.js';

const broker = await startBroker({ port: 0 });
after(() => broker.close());

test('at-least-once chaos: kill -9 random instances again and again while input flows: no record lost', { timeout: 240_000 }, async (t) => {
  await createChaosTopics(broker.address);
  const seed = envNumber('CHAOS_SEED', Math.floor(Math.random() * 2 ** 31));
  let instances: ChaosInstance[] = [];
  // registered first, so it runs first (t.after hooks run in order): the processes die before their state directories go
  t.after(async () => {
    for (const i of instances) await i.kill9();
  });
  const dirs: [string, string, string] = [tempStateDir(t), tempStateDir(t), tempStateDir(t)];
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
    (list) => (instances = list),
  );
  t.after(() => result.reader.close());

  let stateDuplicates = 0;
  let outputUpdates = 0;
  let expectedUpdates = 0;
  for (const [g, n] of result.perGroup.entries()) {
    const updates = result.reader.updates.get(`g${g}`) ?? [];
    const last = updates[updates.length - 1];
    assert.ok(last !== undefined, `seed ${seed}: group g${g} (${n} records) has no output at all`);
    const { missing, extra } = compareBits(last.bits, n);
    assert.deepEqual(missing, [], `seed ${seed}: g${g} lost ${missing.length} of ${n} records (first indexes ${missing.slice(0, 10).join(',')})`);
    assert.deepEqual(extra, [], `seed ${seed}: g${g} has records nobody sent`);
    // the tally is consistent: each application of a record either set its bit or counted as a duplicate
    assert.equal(last.count, n + last.dup, `seed ${seed}: g${g} count ${last.count} = ${n} records + ${last.dup} duplicates`);
    stateDuplicates += last.dup;
    outputUpdates += updates.length;
    expectedUpdates += n;
  }
  t.diagnostic(
    `seed ${seed}: ${result.sent} records in ${result.perGroup.length} groups, ${result.kills.length} kills -9, no loss; ` +
      `duplicates applied to the state: ${stateDuplicates}; output updates ${outputUpdates} for ${expectedUpdates} records ` +
      `(${outputUpdates - expectedUpdates} extra); chaos ${result.chaosMs} ms, drain ${result.drainMs} ms, total ${result.totalMs} ms`,
  );
});
