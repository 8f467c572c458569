// Three instances as separate processes against the bundled broker, a stateful topology with a
// repartition; one instance killed with SIGKILL mid-run and restarted.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { startBroker } from '../../src/broker/index.js';
import { Admin, Producer } from '../../src/client/index.js';
import { createTopics, readUntil, tempStateDir } from './helpers.js';
import { allTasks, coversExactly, Instance, waitUntil } from './instances.js';

const broker = await startBroker({ port: 0 });
after(() => broker.close());

const GROUPS = 12;
const PARTITIONS = 6;

test('three instances: kill -9 one mid-run, restart it: tasks move, state restored, no input lost', { timeout: 180_000 }, async (t) => {
  const bootstrap = broker.address;
  await createTopics(bootstrap, [
    { name: 'tracked-input', partitions: PARTITIONS },
    { name: 'tracked-output', partitions: PARTITIONS },
  ]);
  const app = 'three-instances';
  const dirs = [tempStateDir(t), tempStateDir(t), tempStateDir(t)];
  const start = (i: number): Instance => new Instance(`instance-${i}`, [bootstrap, app, dirs[i]!, '0']);
  const instances = [start(0), start(1), start(2)];
  t.after(async () => {
    for (const i of instances) await i.kill9();
  });
  const tasks = allTasks(PARTITIONS);
  await waitUntil(instances, () => coversExactly(instances, tasks) && instances.every((i) => i.tasks().active.length > 0), 60_000, 'initial assignment over three instances');

  const producer = new Producer({ bootstrapServers: bootstrap, lingerMs: 2 });
  t.after(() => producer.close());
  const expected = new Map<string, Set<string>>();
  let next = 0;
  const produceBatch = async (): Promise<void> => {
    for (let i = 0; i < 100; i++, next++) {
      const id = `r${next}`;
      const group = `g${next % GROUPS}`;
      let ids = expected.get(group);
      if (!ids) expected.set(group, (ids = new Set()));
      ids.add(id);
      producer.produce({ topic: 'tracked-input', key: id, value: `${group}|${id}` });
    }
    await producer.flush();
    await new Promise((r) => setTimeout(r, 50));
  };
  for (let b = 0; b < 10; b++) await produceBatch();

  // kill -9 the instance in the middle of the run, once its stateful tasks hold state: under load they may
  // not have processed any of the input yet, and then the survivors rightly restore nothing
  const victim = instances[1]!;
  const admin = new Admin({ bootstrapServers: bootstrap });
  t.after(() => admin.close());
  const changelogRecords = async (victimActive: string[]): Promise<number> => {
    const partitions = victimActive.filter((x) => x.startsWith('1_')).map((x) => Number(x.split('_')[1]));
    if (partitions.length === 0) return 0;
    const ends = await admin.listOffsets(partitions.map((partition) => ({ topic: `${app}-ids-by-group-changelog`, partition, spec: 'latest' as const })));
    return ends.reduce((n, o) => n + Number(o.offset), 0);
  };
  let victimTasks = victim.tasks().active;
  for (const deadline = Date.now() + 30_000; (await changelogRecords(victimTasks)) === 0; victimTasks = victim.tasks().active) {
    assert.ok(Date.now() < deadline, `the victim's stateful tasks (${victimTasks}) wrote nothing to their changelogs within 30 s`);
    await new Promise((r) => setTimeout(r, 100));
  }
  await victim.kill9();
  const survivors = [instances[0]!, instances[2]!];
  const killedAt = Date.now();
  const restoredBefore = survivors.map((s) => s.events.filter((e) => e.event === 'restored').length);
  for (let b = 0; b < 10; b++) await produceBatch();
  await waitUntil(survivors, () => coversExactly(survivors, tasks), 60_000, 'survivors take over every task');
  const restoredEvents = (): number => survivors.reduce((n, s, i) => n + s.events.filter((e) => e.event === 'restored').length - restoredBefore[i]!, 0);
  await waitUntil(survivors, () => restoredEvents() >= victimTasks.filter((x) => x.startsWith('1_')).length, 30_000, 'survivors restore the moved state');
  const takeoverMs = Date.now() - killedAt;
  const restoredBySurvivors = survivors.flatMap((s, i) => s.events.filter((e) => e.event === 'restored').slice(restoredBefore[i]));
  assert.ok(
    restoredBySurvivors.some((e) => (e.restored ?? 0) > 0),
    `a survivor restored the victim's state from its changelog: ${JSON.stringify(restoredBySurvivors)} (victim had ${victimTasks})`,
  );

  // restart it on its old state directory (its task locks are stale now)
  instances[1] = start(1);
  for (let b = 0; b < 10; b++) await produceBatch();
  await waitUntil(instances, () => coversExactly(instances, tasks) && instances[1]!.tasks().active.length > 0, 60_000, 'restarted instance gets tasks again');

  const { latest } = await readUntil(
    bootstrap,
    'tracked-output',
    (v) => v.toString(),
    (m) => [...expected].every(([g, ids]) => {
      const seen = new Set((m.get(g) ?? '').split(','));
      return [...ids].every((id) => seen.has(id));
    }),
    60_000,
  );
  let duplicates = 0;
  for (const [group, ids] of expected) {
    const list = (latest.get(group) ?? '').split(',').filter((x) => x.length > 0);
    const seen = new Set(list);
    const missing = [...ids].filter((id) => !seen.has(id));
    if (missing.length > 0) {
      const dump = instances.map((i) => `${i.name}: ${i.events.filter((e) => e.event !== 'state').map((e) => JSON.stringify(e)).join('\n')}`).join('\n');
      const probe = async (topic: string): Promise<string> => {
        const { Consumer: C } = await import('../../src/client/index.js');
        const c = new C({ bootstrapServers: bootstrap, autoOffsetReset: 'earliest' });
        c.assign(Array.from({ length: PARTITIONS }, (_, partition) => ({ topic, partition })));
        const per = new Map<number, number>();
        const withKey = new Map<number, number>();
        for (let k = 0; k < 20; k++) for (const r of await c.poll({ timeoutMs: 100 })) {
          per.set(r.partition, (per.get(r.partition) ?? 0) + 1);
          if (r.key?.toString() === group || r.value?.toString() === group) withKey.set(r.partition, (withKey.get(r.partition) ?? 0) + 1);
        }
        await c.close();
        return `${topic}: per partition ${JSON.stringify([...per].sort())}, with ${group}: ${JSON.stringify([...withKey])}`;
      };
      const probes = [await probe('tracked-output'), await probe('three-instances-ids-by-group-repartition'), await probe('three-instances-ids-by-group-changelog')];
      assert.fail(`${probes.join('\n')}\nlost ${missing.length} of ${ids.size} records of ${group}, first ${missing[0]}\n${dump}`);
    }
    assert.deepEqual([...seen].filter((id) => !ids.has(id)), [], `nothing invented for ${group}`);
    duplicates += list.length - seen.size;
  }
  t.diagnostic(`records: ${next}, duplicates (at-least-once): ${duplicates}, takeover after kill -9: ${takeoverMs} ms`);
});
