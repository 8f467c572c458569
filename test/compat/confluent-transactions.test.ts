// python3-confluent-kafka (librdkafka 2.0.2) transactions against the development broker:
// consume-transform-produce with send_offsets_to_transaction, one aborted transaction,
// read_committed versus read_uncommitted, and fencing by a second producer.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startBroker } from '../../src/broker/start-broker.js';
import { runPy } from './py-process.js';

test('confluent-kafka transactions: exactly the committed records for read_committed, offsets in the transaction', { timeout: 120_000 }, async (t) => {
  const broker = await startBroker({ partitions: 3, coordinators: { initialRebalanceDelayMs: 100 } });
  t.after(() => broker.close());
  assert.deepEqual(await runPy('produce.py', [broker.address, 'in', '0', '200']), ['OK']);
  const out = await runPy('txn_ctp.py', [broker.address, 'ctp', 'in', 'out', '200', 'ctp-tx'], 60_000);
  assert.match(out[0]!, /^COMMITTED 200 \d+$/);
  assert.equal(out[1], 'ABORTED');
  const committedView = await runPy('read_all.py', [broker.address, 'out', '3', 'read_committed']);
  const uncommittedView = await runPy('read_all.py', [broker.address, 'out', '3', 'read_uncommitted']);
  const expected = Array.from({ length: 200 }, (_, i) => `V${i}`).sort();
  assert.deepEqual([...committedView].sort(), expected, 'read_committed sees exactly the committed records');
  assert.deepEqual(
    [...uncommittedView].sort(),
    [...expected, 'aborted-0', 'aborted-1', 'aborted-2', 'aborted-3', 'aborted-4'].sort(),
    'read_uncommitted sees the aborted ones too',
  );
  // The group's input offsets were committed inside the transactions: they sum to 200.
  const committed = await runPy('committed.py', [broker.address, 'ctp', 'in', '3']);
  assert.equal(committed.map((l) => Number(l.split(' ')[1])).reduce((a, b) => a + b, 0), 200);
});

test('confluent-kafka transactions: a second producer with the same transactional.id fences the first', { timeout: 60_000 }, async (t) => {
  const broker = await startBroker({ partitions: 1 });
  t.after(() => broker.close());
  const out = await runPy('txn_fence.py', [broker.address, 'fenced', 'fence-tx'], 45_000);
  assert.match(out[0]!, /^FIRST FAILED fatal=True fenced=True/);
  assert.equal(out[1], 'SECOND COMMITTED');
  const seen = await runPy('read_all.py', [broker.address, 'fenced', '1', 'read_committed']);
  assert.deepEqual(seen, ['second'], 'the zombie transaction was aborted');
});
