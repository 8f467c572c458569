// num.standby.replicas=1: after a kill -9 the survivor promotes its standbys and restores only the
// small tail it had not applied yet; without standbys it restores the whole changelog. Times measured.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { startBroker } from '../../src/broker/index.js';
import { Producer } from '../../src/client/index.js';
import { createTopics, readUntil, tempStateDir } from './helpers.js';
import { allTasks, coversExactly, Instance, waitUntil } from './instances.js';

const broker = await startBroker({ port: 0 });
after(() => broker.close());

const PARTITIONS = 4;
const RECORDS = 4000;

async function failover(t: { after: (fn: () => unknown) => void; diagnostic: (m: string) => void }, standbys: number): Promise<{ restored: number; failoverMs: number }> {
  const bootstrap = broker.address;
  await createTopics(bootstrap, [
    { name: 'tracked-input', partitions: PARTITIONS },
    { name: 'tracked-output', partitions: PARTITIONS },
  ]).catch(() => undefined); // shared by both runs
  const app = `failover-${standbys}`;
  // registered before tempStateDir's clean-up hooks: after-hooks run in order, and the children must be
  // gone before their state directories are removed
  const instances: Instance[] = [];
  t.after(async () => {
    for (const i of instances) await i.kill9();
  });
  for (const i of [0, 1]) instances.push(new Instance(`${app}-${i}`, [bootstrap, app, tempStateDir(t), String(standbys)]));
  const tasks = allTasks(PARTITIONS);
  await waitUntil(instances, () => coversExactly(instances, tasks) && instances.every((i) => i.tasks().active.length > 0), 60_000, 'two instances share the tasks');
  if (standbys > 0) await waitUntil(instances, () => instances.every((i) => i.tasks().standby.length > 0), 30_000, 'standbys placed');

  const producer = new Producer({ bootstrapServers: bootstrap, lingerMs: 2 });
  const expected = new Map<string, number>();
  for (let n = 0; n < RECORDS; n++) {
    const group = `${app}-g${n % 16}`;
    expected.set(group, (expected.get(group) ?? 0) + 1);
    producer.produce({ topic: 'tracked-input', key: `r${n}`, value: `${group}|r${n}` });
  }
  await producer.flush();
  await producer.close();
  await readUntil(bootstrap, 'tracked-output', (v) => v.toString(), (m) => [...expected].every(([g, n]) => new Set((m.get(g) ?? '').split(',')).size >= n), 60_000);
  if (standbys > 0) await new Promise((r) => setTimeout(r, 500)); // standbys apply the tail

  const [victim, survivor] = instances as [Instance, Instance];
  const moved = victim.tasks().active.filter((x) => x.startsWith('1_'));
  const before = survivor.events.length;
  const killedAt = Date.now();
  await victim.kill9();
  await waitUntil([survivor], () => coversExactly([survivor], tasks) && survivor.state() === 'RUNNING', 60_000, 'survivor runs every task');
  await waitUntil([survivor], () => survivor.events.slice(before).filter((e) => e.event === 'restored').length >= moved.length, 30_000, 'moved state restored');
  const failoverMs = Date.now() - killedAt;
  const restored = survivor.events.slice(before).filter((e) => e.event === 'restored').reduce((s, e) => s + (e.restored ?? 0), 0);
  t.diagnostic(`num.standby.replicas=${standbys}: failover ${failoverMs} ms (session timeout 3000 ms), restored ${restored} records, moved stateful tasks ${moved}`);
  return { restored, failoverMs };
}

test('with a standby, failover after kill -9 restores only a tail; without, the whole changelog', { timeout: 240_000 }, async (t) => {
  const without = await failover(t, 0);
  const withStandby = await failover(t, 1);
  assert.ok(without.restored > 0, 'without standby the moved state is restored from the changelog');
  assert.ok(
    withStandby.restored * 10 <= without.restored,
    `standby restore (${withStandby.restored}) is a small fraction of a full restore (${without.restored})`,
  );
});
