// kafka-python 2.0.2 (pure-Python protocol implementation, old API versions: JoinGroup v2,
// SyncGroup v1, OffsetCommit v2, OffsetFetch v1) as a group consumer against the broker.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startBroker } from '../../src/broker/start-broker.js';
import { PyProcess, runPy } from './py-process.js';

test('kafka-python group consumer: two members split the partitions and commit', { timeout: 90_000 }, async (t) => {
  const broker = await startBroker({ partitions: 4, coordinators: { initialRebalanceDelayMs: 1500 } });
  const procs: PyProcess[] = [];
  t.after(async () => {
    for (const p of procs) p.kill();
    await broker.close();
  });
  assert.deepEqual(await runPy('produce.py', [broker.address, 'kp', '0', '200']), ['OK']);
  for (let i = 0; i < 2; i++) procs.push(new PyProcess('kp_group.py', [broker.address, 'kp-group', 'kp', '200', '10']));
  for (const p of procs) await p.exited(30_000);
  const recs = procs.flatMap((p) => p.lines.filter((l) => l.startsWith('R ')));
  const values = new Set(recs.map((l) => l.split(' ')[3]));
  assert.equal(values.size, 200, 'every record consumed');
  const assigned = procs.map((p) => p.lines.find((l) => l.startsWith('ASSIGNED'))!.split(' ')[1]!.split(',').filter(Boolean));
  assert.deepEqual(assigned.flat().sort(), ['0', '1', '2', '3'], 'the two members share the four partitions');
  assert.ok(assigned.every((a) => a.length === 2), `balanced: ${JSON.stringify(assigned)}`);
  const committed = await runPy('committed.py', [broker.address, 'kp-group', 'kp', '4']);
  assert.equal(committed.map((l) => Number(l.split(' ')[1])).reduce((a, b) => a + b, 0), 200);
});
