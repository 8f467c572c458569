// Adding an instance moves tasks to it, removing it moves them back; the assignment stays balanced and
// sticky: only as many tasks move as balance needs (counted).
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { startBroker } from '../../src/broker/index.js';
import { createTopics, produce, tempStateDir } from './helpers.js';
import { allTasks, coversExactly, Instance, waitUntil } from './instances.js';

const broker = await startBroker({ port: 0 });
after(() => broker.close());

const PARTITIONS = 6;

function owners(instances: Instance[]): Map<string, string> {
  const out = new Map<string, string>();
  for (const i of instances) if (i.alive) for (const t of i.tasks().active) out.set(t, i.name);
  return out;
}

function moved(before: Map<string, string>, after: Map<string, string>): number {
  let n = 0;
  for (const [task, owner] of after) if (before.get(task) !== owner) n++;
  return n;
}

const balanced = (instances: Instance[]): boolean => {
  const live = instances.filter((i) => i.alive);
  const counts = live.map((i) => i.tasks().active.length);
  const stateful = live.map((i) => i.tasks().active.filter((t) => t.startsWith('1_')).length);
  return Math.max(...counts) - Math.min(...counts) <= 1 && Math.max(...stateful) - Math.min(...stateful) <= 1;
};

test('scale out from two to three instances and back: balanced, and only the necessary tasks move', { timeout: 180_000 }, async (t) => {
  const bootstrap = broker.address;
  await createTopics(bootstrap, [
    { name: 'tracked-input', partitions: PARTITIONS },
    { name: 'tracked-output', partitions: PARTITIONS },
  ]);
  await produce(bootstrap, 'tracked-input', Array.from({ length: 600 }, (_, n) => ({ key: `r${n}`, value: `g${n % 24}|r${n}` })));
  const env = { PROBING_MS: '1000' };
  const start = (name: string): Instance => new Instance(name, [bootstrap, 'scale-app', tempStateDir(t), '0'], env);
  // registered before any state directory, so instances die before their directories are removed
  const instances: Instance[] = [];
  t.after(async () => {
    for (const i of instances) await i.kill9();
  });
  instances.push(start('a'), start('b'));
  const tasks = allTasks(PARTITIONS);
  const stable = (): boolean =>
    coversExactly(instances, tasks) && balanced(instances) && instances.filter((i) => i.alive).every((i) => i.state() === 'RUNNING' && i.tasks().standby.length === 0);
  await waitUntil(instances, stable, 60_000, 'two instances balanced');
  const two = owners(instances);

  instances.push(start('c'));
  await waitUntil(instances, () => stable() && instances[2]!.tasks().active.length === 4, 90_000, 'three instances balanced (warm-ups promoted by probing rebalances)');
  const three = owners(instances);
  const movedOut = moved(two, three);
  t.diagnostic(`scale out 2 -> 3: ${movedOut} of ${tasks.length} tasks moved (minimum 4)`);
  assert.equal(movedOut, 4, 'scale out moves exactly the four tasks the new instance takes');

  await instances[2]!.stop();
  await waitUntil(instances, () => stable() && instances.filter((i) => i.alive).every((i) => i.tasks().active.length === 6), 60_000, 'two instances again');
  const back = owners(instances);
  const movedIn = moved(three, back);
  t.diagnostic(`scale in 3 -> 2: ${movedIn} tasks moved (minimum 4)`);
  assert.equal(movedIn, 4, 'scale in moves only the removed instance tasks');
});
