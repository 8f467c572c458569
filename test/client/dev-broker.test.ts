// The client against kstreams' development broker (src/broker): admin, produce/consume, assign mode,
// pause/resume, and a real broker restart (disk mode) mid-produce and mid-consume.
// Groups and transactions against the same broker: dev-broker-groups.test.ts, dev-broker-transactions.test.ts.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { Admin, Consumer, Producer, type ConsumerRecord } from '../../src/client/index.js';

import { startBroker, type Broker } from '../../src/broker/start-broker.js';

let dir: string;
let broker: Broker;
before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'kstreams-client-dev-'));
  broker = await startBroker({ dataDir: dir });
});
after(async () => {
  await broker?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const common = () => ({ bootstrapServers: broker.address, retryBackoffMs: 50, retryBackoffMaxMs: 300, connectionTimeoutMs: 1000, requestTimeoutMs: 5000 });

async function createTopic(name: string, numPartitions: number): Promise<void> {
  const admin = new Admin(common());
  try {
    await admin.createTopics([{ name, numPartitions }]);
  } finally {
    await admin.close();
  }
}

async function pollUntil(c: Consumer, n: number, timeoutMs = 15000): Promise<ConsumerRecord[]> {
  const out: ConsumerRecord[] = [];
  const end = Date.now() + timeoutMs;
  while (out.length < n && Date.now() < end) out.push(...(await c.poll({ timeoutMs: 300 })));
  return out;
}

test('admin: topics with configs, partitions, configs, offsets, delete records, delete topics', async () => {
  const admin = new Admin(common());
  const producer = new Producer(common());
  try {
    await admin.createTopics([{ name: 'adm', numPartitions: 2, configs: { 'cleanup.policy': 'compact', 'retention.ms': '3600000' } }]);
    await assert.rejects(admin.createTopics([{ name: 'adm', numPartitions: 1 }]), (e: unknown) => (e as { code?: string }).code === 'TOPIC_ALREADY_EXISTS');
    const [described] = await admin.describeTopics(['adm']);
    assert.equal(described!.partitions.length, 2);
    const [configs] = await admin.describeConfigs([{ type: 'topic', name: 'adm', keys: ['cleanup.policy', 'retention.ms'] }]);
    const byName = new Map(configs!.configs.map((c) => [c.name, c.value]));
    assert.equal(byName.get('cleanup.policy'), 'compact');
    assert.equal(byName.get('retention.ms'), '3600000');
    await admin.alterConfigs([{ type: 'topic', name: 'adm', configs: { 'retention.ms': '7200000' } }]);
    const [after] = await admin.describeConfigs([{ type: 'topic', name: 'adm', keys: ['retention.ms'] }]);
    assert.equal(after!.configs.find((c) => c.name === 'retention.ms')?.value, '7200000');
    await admin.createPartitions([{ topic: 'adm', count: 3 }]);
    assert.equal((await admin.describeTopics(['adm']))[0]!.partitions.length, 3);

    for (let i = 0; i < 10; i++) await producer.send({ topic: 'adm', partition: 0, key: `k${i}`, value: `v${i}`, timestamp: 1_000_000 + i * 1000 });
    const offsets = await admin.listOffsets([
      { topic: 'adm', partition: 0, spec: 'earliest' },
      { topic: 'adm', partition: 0, spec: 'latest' },
      { topic: 'adm', partition: 1, spec: 'latest' },
    ]);
    assert.deepEqual(offsets.map((o) => o.offset).sort((a, b) => a - b), [0, 0, 10]);
    const [byTime] = await admin.listOffsets([{ topic: 'adm', partition: 0, spec: { timestamp: 1_004_500 } }]);
    assert.equal(byTime!.offset, 5);
    const [deleted] = await admin.deleteRecords([{ topic: 'adm', partition: 0, offset: 4 }]);
    assert.equal(deleted!.lowWatermark, 4);
    const [earliest] = await admin.listOffsets([{ topic: 'adm', partition: 0, spec: 'earliest' }]);
    assert.equal(earliest!.offset, 4);
    await admin.deleteTopics(['adm']);
    assert.ok(!(await admin.listTopics()).includes('adm'));
  } finally {
    await producer.close();
    await admin.close();
  }
});

test('produce and consume in assign mode with pause/resume and seek', async () => {
  await createTopic('pr', 2);
  const producer = new Producer({ ...common(), lingerMs: 2 });
  const consumer = new Consumer({ ...common(), autoOffsetReset: 'earliest' });
  try {
    for (let i = 0; i < 200; i++) producer.produce({ topic: 'pr', partition: i % 2, key: `k${i}`, value: `v${i}`, headers: { n: String(i) } });
    await producer.flush();
    consumer.assign([{ topic: 'pr', partition: 0 }, { topic: 'pr', partition: 1 }]);
    consumer.pause([{ topic: 'pr', partition: 1 }]);
    const first = await pollUntil(consumer, 100);
    assert.equal(first.length, 100);
    assert.ok(first.every((r) => r.partition === 0));
    assert.deepEqual(await consumer.poll({ timeoutMs: 300 }), []);
    consumer.resume([{ topic: 'pr', partition: 1 }]);
    const second = await pollUntil(consumer, 100);
    assert.ok(second.every((r) => r.partition === 1));
    assert.deepEqual(second.map((r) => r.headers[0]?.value?.toString()), Array.from({ length: 100 }, (_, i) => String(i * 2 + 1)));
    consumer.seek({ topic: 'pr', partition: 1, offset: 90 });
    const tail = await pollUntil(consumer, 10);
    assert.deepEqual(tail.map((r) => r.offset), [90, 91, 92, 93, 94, 95, 96, 97, 98, 99]);
  } finally {
    await producer.close();
    await consumer.close();
  }
});

test('a resumed partition is fetched beside a caught-up partition waiting at the broker, not behind it', async () => {
  await createTopic('lanes', 2);
  const producer = new Producer({ ...common(), lingerMs: 0 });
  // partition 1: 20 batches of 50 records; one fetch reads about one batch of it (maxPartitionFetchBytes)
  for (let b = 0; b < 20; b++) {
    for (let i = 0; i < 50; i++) producer.produce({ topic: 'lanes', partition: 1, key: `k${i}`, value: `v${b * 50 + i}` });
    await producer.flush();
  }
  await producer.close();
  // a fetch that waits at the broker for partition 0 (empty) waits 20 s
  const consumer = new Consumer({ ...common(), autoOffsetReset: 'earliest', fetchMaxWaitMs: 20_000, requestTimeoutMs: 30_000, maxPartitionFetchBytes: 1024 });
  try {
    consumer.assign([{ topic: 'lanes', partition: 0 }, { topic: 'lanes', partition: 1 }]);
    consumer.pause([{ topic: 'lanes', partition: 1 }]);
    assert.deepEqual(await consumer.poll({ timeoutMs: 500 }), [], 'nothing of a paused partition is returned');
    // partition 0 is caught up: its next fetch waits at the broker
    consumer.resume([{ topic: 'lanes', partition: 1 }]);
    const started = Date.now();
    const got = await pollUntil(consumer, 1000, 10_000);
    assert.equal(got.length, 1000);
    assert.deepEqual(got.map((r) => r.value!.toString()), Array.from({ length: 1000 }, (_, i) => `v${i}`));
    assert.ok(Date.now() - started < 10_000, `partition 1's fetches did not wait behind partition 0's (${Date.now() - started} ms)`);
  } finally {
    await consumer.close();
  }
});

test('new records of a partition left out of a waiting fetch are read soon, not after the fetch max wait', async () => {
  await createTopic('left-out', 2);
  const producer = new Producer({ ...common(), lingerMs: 0 });
  try {
    for (let i = 0; i < 10; i++) producer.produce({ topic: 'left-out', partition: 1, key: 'k', value: `a${i}` });
    await producer.flush();
    // a fetch that waits at the broker with every partition waits 20 s
    const consumer = new Consumer({ ...common(), autoOffsetReset: 'earliest', fetchMaxWaitMs: 20_000, requestTimeoutMs: 30_000 });
    try {
      consumer.assign([{ topic: 'left-out', partition: 0 }, { topic: 'left-out', partition: 1 }]);
      consumer.pause([{ topic: 'left-out', partition: 1 }]);
      // partition 0 is empty (caught up, waiting at the broker); partition 1's records are read ahead and held
      assert.deepEqual(await consumer.poll({ timeoutMs: 500 }), []);
      consumer.resume([{ topic: 'left-out', partition: 1 }]);
      assert.equal((await pollUntil(consumer, 10, 5000)).length, 10);
      // partition 1 is caught up now, and was not in the fetch partition 0 waits in
      for (let i = 0; i < 5; i++) producer.produce({ topic: 'left-out', partition: 1, key: 'k', value: `b${i}` });
      await producer.flush();
      const started = Date.now();
      const got = await pollUntil(consumer, 5, 10_000);
      assert.deepEqual(got.map((r) => r.value!.toString()), ['b0', 'b1', 'b2', 'b3', 'b4']);
      assert.ok(Date.now() - started < 5000, `read after ${Date.now() - started} ms`);
    } finally {
      await consumer.close();
    }
  } finally {
    await producer.close();
  }
});

test('broker restart mid-produce and mid-consume: nothing lost, nothing duplicated', async () => {
  await createTopic('restart', 2);
  const producer = new Producer({ ...common(), lingerMs: 2, batchSize: 4096 });
  const acks: Array<Promise<unknown>> = [];
  try {
    for (let i = 0; i < 4000; i++) {
      acks.push(producer.send({ topic: 'restart', key: `k${i % 10}`, value: `v${i}` }));
      if (i === 2000) {
        const port = broker.port;
        await broker.close();
        broker = await startBroker({ dataDir: dir, port });
      }
      if (i % 200 === 0) await new Promise((r) => setTimeout(r, 2));
    }
    const results = await Promise.allSettled(acks);
    assert.deepEqual(results.filter((r) => r.status === 'rejected').map((r) => String((r as PromiseRejectedResult).reason)).slice(0, 3), []);
  } finally {
    await producer.close();
  }
  const consumer = new Consumer({ ...common(), autoOffsetReset: 'earliest' });
  const got: ConsumerRecord[] = [];
  try {
    consumer.assign([{ topic: 'restart', partition: 0 }, { topic: 'restart', partition: 1 }]);
    got.push(...(await pollUntil(consumer, 1500)));
    const port = broker.port;
    await broker.close();
    broker = await startBroker({ dataDir: dir, port });
    got.push(...(await pollUntil(consumer, 4000 - got.length, 20000)));
    got.push(...(await consumer.poll({ timeoutMs: 300 })));
  } finally {
    await consumer.close();
  }
  const values = got.map((r) => r.value!.toString());
  assert.equal(new Set(values).size, values.length, 'no duplicates');
  assert.equal(values.length, 4000, 'no record lost');
  for (const p of [0, 1]) {
    const seq = got.filter((r) => r.partition === p).map((r) => Number(r.value!.toString().slice(1)));
    assert.ok(seq.every((v, i) => i === 0 || v > seq[i - 1]!), `partition ${p} in order`);
  }
});

test('interop: kcat reads back keys, values, headers and timestamps our producer wrote', async () => {
  const producer = new Producer({ ...common(), compressionType: 'lz4' });
  let acks;
  try {
    acks = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        producer.send({ topic: 'interop', partition: 0, key: `key-${i}`, value: `välue ${i}`, headers: [{ key: 'h', value: `x${i}` }, { key: 'h', value: 'dup' }], timestamp: 1_600_000_000_000 + i }),
      ),
    );
  } finally {
    await producer.close();
  }
  // kcat runs as a separate process (the broker shares this event loop: no execFileSync here)
  const { stdout } = await promisify(execFile)('kcat', ['-C', '-b', broker.address, '-t', 'interop', '-p', '0', '-e', '-q', '-f', '%o|%k|%s|%h|%T\n'], { encoding: 'utf8' });
  assert.deepEqual(
    stdout.trim().split('\n'),
    acks.map((a, i) => `${a.offset}|key-${i}|välue ${i}|h=x${i},h=dup|${1_600_000_000_000 + i}`),
  );
});
