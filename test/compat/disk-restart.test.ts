// Disk mode: committed group offsets and an open transaction survive a broker restart
// (python3-confluent-kafka as the client).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startBroker } from '../../src/broker/start-broker.js';
import { PyProcess, runPy } from './py-process.js';

test('disk mode restart keeps committed offsets and transaction state', { timeout: 120_000 }, async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'kstreams-coord-restart-'));
  const procs: PyProcess[] = [];
  let broker = await startBroker({ dataDir: dir, partitions: 2, coordinators: { initialRebalanceDelayMs: 100 } });
  t.after(async () => {
    for (const p of procs) p.kill();
    await broker.close();
    rmSync(dir, { recursive: true, force: true });
  });
  assert.deepEqual(await runPy('produce.py', [broker.address, 'src', '0', '50']), ['OK']);
  const member = new PyProcess('group_member.py', [broker.address, 'durable', 'src', 'm']);
  procs.push(member);
  await member.waitFor((l) => l.filter((x) => x.startsWith('R ')).length >= 50, 30_000, 'member consumes 50');
  member.kill('SIGTERM');
  await member.exited(15_000);
  const open = new PyProcess('txn_open.py', [broker.address, 'txt', 'durable-tx']);
  procs.push(open);
  await open.waitFor((l) => l.includes('OPEN'), 30_000, 'transaction left open');
  open.kill('SIGKILL');
  await open.exited(5_000);
  const port = Number(broker.address.split(':')[1]);
  await broker.close();

  broker = await startBroker({ dataDir: dir, port, partitions: 2, coordinators: { initialRebalanceDelayMs: 100 } });
  const committed = await runPy('committed.py', [broker.address, 'durable', 'src', '2']);
  assert.equal(committed.map((l) => Number(l.split(' ')[1])).reduce((a, b) => a + b, 0), 50, 'offsets survived');
  // The open transaction is still open: read_committed stops before it.
  assert.deepEqual((await runPy('read_all.py', [broker.address, 'txt', '2', 'read_committed'])).sort(), ['committed-0', 'committed-1', 'committed-2']);
  // A new incarnation aborts it (the coordinator remembered its partitions) and commits more.
  assert.deepEqual(await runPy('txn_resume.py', [broker.address, 'txt', 'durable-tx'], 40_000), ['OK']);
  assert.deepEqual((await runPy('read_all.py', [broker.address, 'txt', '2', 'read_committed'])).sort(), ['after', 'committed-0', 'committed-1', 'committed-2']);
  assert.deepEqual((await runPy('read_all.py', [broker.address, 'txt', '2', 'read_uncommitted'])).sort(), [
    'after', 'committed-0', 'committed-1', 'committed-2', 'open-0', 'open-1', 'open-2',
  ]);
});
