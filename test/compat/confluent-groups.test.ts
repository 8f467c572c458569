// python3-confluent-kafka (librdkafka 2.0.2) consumer groups against the development broker:
// three members on a six-partition topic, a member joining late, one leaving cleanly, one killed.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startBroker } from '../../src/broker/start-broker.js';
import { PyProcess, runPy } from './py-process.js';

const records = (p: PyProcess) => p.lines.filter((l) => l.startsWith('R ')).map((l) => l.split(' '));

test('confluent-kafka group: 3 members, joins, clean leave and kill -9; every record consumed, offsets right', { timeout: 120_000 }, async (t) => {
  const broker = await startBroker({ partitions: 6, coordinators: { initialRebalanceDelayMs: 200 } });
  const members: PyProcess[] = [];
  t.after(async () => {
    for (const m of members) m.kill();
    await broker.close();
  });
  const topic = 'orders';
  const group = 'g-confluent';
  assert.deepEqual(await runPy('produce.py', [broker.address, topic, '0', '300']), ['OK']);
  const member = (name: string) => {
    const m = new PyProcess('group_member.py', [broker.address, group, topic, name]);
    members.push(m);
    return m;
  };
  const a = member('a');
  const b = member('b');
  const seen = () => new Set(members.flatMap((m) => records(m).map((r) => r[3]!)));
  const waitSeen = async (n: number, what: string) => {
    const deadline = Date.now() + 30_000;
    while (seen().size < n) {
      if (Date.now() > deadline) throw new Error(`${what}: saw ${seen().size} of ${n}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  };
  await waitSeen(300, 'two members');
  const c = member('c');
  await c.waitFor((lines) => lines.some((l) => l.startsWith('A ') && l.length > 2), 20_000, 'c gets partitions');
  // Three members: each holds two of the six partitions once the group is stable.
  await new Promise((r) => setTimeout(r, 500));
  const lastAssign = (m: PyProcess) => m.lines.filter((l) => l.startsWith('A ')).at(-1)!.slice(2).split(',').filter(Boolean);
  const owned = [a, b, c].flatMap(lastAssign).sort();
  assert.deepEqual(owned, ['0', '1', '2', '3', '4', '5']);
  for (const m of [a, b, c]) assert.equal(lastAssign(m).length, 2);
  assert.deepEqual(await runPy('produce.py', [broker.address, topic, '300', '300']), ['OK']);
  await waitSeen(600, 'three members');
  // b leaves cleanly, c is killed: a ends up with all partitions after c's session expires.
  b.kill('SIGTERM');
  await b.waitFor((l) => l.includes('CLOSED'), 15_000, 'b closes');
  c.kill('SIGKILL');
  await a.waitFor(() => lastAssign(a).length === 6, 30_000, 'a takes over every partition');
  assert.deepEqual(await runPy('produce.py', [broker.address, topic, '600', '120']), ['OK']);
  await waitSeen(720, 'after leave and kill');
  a.kill('SIGTERM');
  await a.waitFor((l) => l.includes('CLOSED'), 15_000, 'a closes');
  // Every record was consumed; committed offsets equal each partition's end (records per partition).
  const perPartition = new Map<string, number>();
  for (const r of members.flatMap(records)) perPartition.set(r[1]!, Math.max(perPartition.get(r[1]!) ?? 0, Number(r[2]) + 1));
  const committed = await runPy('committed.py', [broker.address, group, topic, '6']);
  assert.deepEqual(
    committed.map((l) => l.split(' ')).map(([p, o]) => [p, Number(o)]),
    [...perPartition.entries()].sort().map(([p, o]) => [p, o]),
  );
  assert.equal([...perPartition.values()].reduce((x, y) => x + y, 0), 720);
});
