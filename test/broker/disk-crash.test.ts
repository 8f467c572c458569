// Disk mode durability: kill -9 the broker while librdkafka (python3-confluent-kafka) produces with
// acks=all and idempotence, restart it on the same port and data directory while the producer keeps
// going; afterwards every acknowledged record is in the log exactly once, in order.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnBroker } from './spawn-broker.js';
import type { BrokerProcess } from './spawn-broker.js';
import { PYTHON, pythonHas, runProcess } from '../compat/run-process.js';
import { WireClient } from './wire-client.js';
import { fetchApi } from '../../src/protocol/messages/fetch.js';
import { RecordBatch } from '../../src/protocol/records/index.js';

const skip = pythonHas('confluent_kafka') ? false : 'python3-confluent-kafka is not installed';

// Produces "0", "1", ... for `seconds`, printing each value once its delivery is acknowledged.
const producer = String.raw`
import sys, time
from confluent_kafka import Producer
p = Producer({'bootstrap.servers': sys.argv[1], 'enable.idempotence': True, 'acks': 'all',
              'linger.ms': 2, 'message.timeout.ms': 20000, 'reconnect.backoff.ms': 50, 'reconnect.backoff.max.ms': 200,
              'retry.backoff.ms': 50, 'topic.metadata.refresh.interval.ms': 1000})
def done(err, msg):
    if err is None:
        print(msg.value().decode(), flush=True)
    else:
        print('ERR', err, file=sys.stderr, flush=True)
end = time.time() + float(sys.argv[2])
i = 0
while time.time() < end:
    try:
        p.produce('durable', value=str(i).encode(), partition=0, on_delivery=done)
        i += 1
    except BufferError:
        pass
    p.poll(0.001 if i % 50 == 0 else 0)
p.flush(30)
print('SENT', i, file=sys.stderr)
`;

async function readAll(port: number): Promise<number[]> {
  const client = await WireClient.open(port);
  try {
    const values: number[] = [];
    for (;;) {
      const f = await client.send(fetchApi, 11, {
        maxWaitMs: 0, minBytes: 1, maxBytes: 1 << 24, isolationLevel: 0, sessionId: 0, sessionEpoch: -1, forgottenTopicsData: [], rackId: '',
        topics: [{ topic: 'durable', partitions: [{ partition: 0, fetchOffset: BigInt(values.length), partitionMaxBytes: 1 << 24 }] }],
      });
      const buf: Buffer | null = f.responses[0]!.partitions[0]!.records;
      if (!buf || buf.length === 0) return values;
      for (let pos = 0; pos < buf.length; ) {
        const size: number = buf.readInt32BE(pos + 8) + 12;
        for (const r of new RecordBatch(buf.subarray(pos, pos + size)).toRecords()) {
          assert.equal(r.offset, values.length, 'offsets are dense');
          values.push(Number(r.value!.toString()));
        }
        pos += size;
      }
    }
  } finally {
    client.close();
  }
}

test('kill -9 during acks=all produce: after restart every acknowledged record is there exactly once, in order', { skip, timeout: 120_000 }, async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'kstreams-crash-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  let broker: BrokerProcess = await spawnBroker(['--port', '0', '--data-dir', dir, '--quiet']);
  t.after(() => {
    broker.child.kill('SIGKILL');
  });
  const port = broker.port;
  const producing = runProcess(PYTHON, ['-c', producer, broker.address, '4'], { timeoutMs: 90_000 });
  await new Promise((r) => setTimeout(r, 1500));
  broker.child.kill('SIGKILL');
  await broker.exited.catch(() => undefined);
  await new Promise((r) => setTimeout(r, 300));
  broker = await spawnBroker(['--port', String(port), '--data-dir', dir, '--quiet']);
  const result = await producing;
  assert.equal(result.code, 0, result.stderr);
  const acked = result.stdout.toString().split('\n').filter((x) => /^\d+$/.test(x)).map(Number);
  assert.ok(acked.length > 100, `only ${acked.length} records were acknowledged; stderr: ${result.stderr.slice(0, 500)}`);
  // Kill again and restart, so that what we read is what recovery finds on disk.
  broker.child.kill('SIGKILL');
  await broker.exited.catch(() => undefined);
  broker = await spawnBroker(['--port', '0', '--data-dir', dir, '--quiet']);
  const stored = await readAll(broker.port);
  const seen = new Set<number>();
  for (let i = 0; i < stored.length; i++) {
    assert.ok(!seen.has(stored[i]!), `value ${stored[i]} is stored twice`);
    seen.add(stored[i]!);
    if (i > 0) assert.ok(stored[i]! > stored[i - 1]!, `out of order at offset ${i}: ${stored[i - 1]} then ${stored[i]}`);
  }
  const missing = acked.filter((v) => !seen.has(v));
  assert.deepEqual(missing.slice(0, 10), [], `${missing.length} acknowledged records are missing`);
  t.diagnostic(`acknowledged ${acked.length}, stored ${stored.length}`);
});
