// Found by the long at-least-once chaos run: an instance restores a task into a fresh persistent store,
// processes nothing for it, commits (a checkpoint at the changelog's end) and is killed -9. The restored
// records must be in the store on disk by then, or the restart trusts the checkpoint, restores nothing
// and the state starts over (every record before is lost). Separate processes (kill -9 is the point).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ChaosInstance, InputFeeder, OutputReader, compareBits, chaosStage, waitFor } from './chaos-harness.js';

const GROUPS = 8;

test('restored state reaches the persistent store before a checkpoint covers it (kill -9 after restore)', { timeout: 120_000 }, async (t) => {
  const running: ChaosInstance[] = [];
  const { broker, dirs, track } = await chaosStage(t);
  track(running);
  const app = 'chaos-restore-flush';
  const args = (dir: string): string[] => [broker.address, app, dir, 'at_least_once'];
  const settled = (i: ChaosInstance): boolean => i.state() === 'RUNNING' && i.activeTasks().length === 12;

  // 1. A processes some input, then stops for good
  const a = new ChaosInstance('a', args(dirs[0]));
  running.push(a);
  await waitFor([a], () => settled(a), 60_000, 'a running');
  const feeder = new InputFeeder(broker.address, GROUPS, 400);
  await new Promise((r) => setTimeout(r, 1000));
  await feeder.stop();
  const reader = new OutputReader(broker.address, false);
  t.after(() => reader.close());
  await waitFor([a], async () => (await reader.pollOnce(), reader.complete(feeder.perGroup)), 30_000, 'a processed the input');
  await a.stop(); // a clean close: every record committed, so B below has nothing to process

  // 2. B starts on an empty state directory: it restores every task from the changelogs, processes
  //    nothing, commits a few times (checkpoints), and is killed -9
  const dirB = dirs[1];
  const b = new ChaosInstance('b', args(dirB));
  running.push(b);
  await waitFor([b], () => settled(b), 60_000, 'b restored and running');
  await new Promise((r) => setTimeout(r, 1500)); // several commit intervals (200 ms)
  await b.restart(); // kill -9, then the same state directory again
  await waitFor([b], () => settled(b), 60_000, 'b running again');

  // 3. more records for every group: the tallies must still hold every earlier record
  const seen = (g: number): number => reader.updates.get(`g${g}`)?.length ?? 0;
  const before = feeder.perGroup.map((_, g) => seen(g));
  const more = new InputFeeder(broker.address, GROUPS, 400, feeder);
  await new Promise((r) => setTimeout(r, 200));
  await more.stop();
  await waitFor([b], async () => (await reader.pollOnce(), more.perGroup.every((_, g) => seen(g) > before[g]!)), 30_000, 'the new records in the output');
  await new Promise((r) => setTimeout(r, 500));
  await reader.pollOnce();
  const lost = more.perGroup
    .map((n, g) => `g${g}: ${compareBits(reader.latest(`g${g}`)!.bits, n).missing.length} of ${n} missing`)
    .filter((x) => !x.includes(': 0 of'));
  assert.deepEqual(lost, [], 'every record before the kill is still in the state');
});
