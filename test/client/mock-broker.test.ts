// The client against an independent broker: librdkafka's mock cluster (3 brokers).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { Admin, Consumer, Producer, type ConsumerRecord } from '../../src/client/index.js';
import { startMockBroker, type MockBroker } from './helpers/mock-broker.js';

let broker: MockBroker;
before(async () => {
  broker = await startMockBroker({ brokers: 3, topics: ['produce:3', 'fetch:2', 'group:4', 'assign:1', 'admin:2'] });
});
after(async () => {
  await broker?.stop();
});

const common = () => ({ bootstrapServers: `127.0.0.1:1,${broker.bootstrap}`, retryBackoffMs: 50, connectionTimeoutMs: 2000 });

async function pollUntil(c: Consumer, n: number, timeoutMs = 15000): Promise<ConsumerRecord[]> {
  const out: ConsumerRecord[] = [];
  const end = Date.now() + timeoutMs;
  while (out.length < n && Date.now() < end) out.push(...(await c.poll({ timeoutMs: 500 })));
  return out;
}

test('metadata: bootstraps past a dead address and sees all brokers and partitions', async () => {
  const admin = new Admin(common());
  try {
    const topics = await admin.describeTopics(['group']);
    assert.equal(topics[0]!.partitions.length, 4);
    assert.ok(topics[0]!.partitions.every((p) => p.leader >= 1 && p.leader <= 3));
  } finally {
    await admin.close();
  }
});

test('produce: acks carry increasing offsets; kcat reads keys, values, headers and timestamps back identically', async () => {
  const producer = new Producer({ ...common(), lingerMs: 5 });
  try {
    const sent = [];
    for (let i = 0; i < 30; i++) {
      sent.push(
        producer.send({
          topic: 'produce',
          partition: i % 3,
          key: `key-${i}`,
          value: `value ${i} ✓`,
          headers: [
            { key: 'h1', value: `a${i}` },
            { key: 'h2', value: 'b' },
          ],
          timestamp: 1_700_000_000_000 + i,
        }),
      );
    }
    const acks = await Promise.all(sent);
    for (let p = 0; p < 3; p++) assert.deepEqual(acks.filter((a) => a.partition === p).map((a) => a.offset), [...Array(10).keys()]);
    const out = execFileSync('kcat', ['-C', '-b', broker.bootstrap, '-t', 'produce', '-e', '-q', '-f', '%p|%o|%k|%s|%h|%T\n'], { encoding: 'utf8' });
    const lines = out.trim().split('\n').sort();
    const expected = acks
      .map((a, i) => `${a.partition}|${a.offset}|key-${i}|value ${i} ✓|h1=a${i},h2=b|${1_700_000_000_000 + i}`)
      .sort();
    assert.deepEqual(lines, expected);
  } finally {
    await producer.close();
  }
});

test('fetch: records written by kcat are consumed in order in assign mode, with seek and pause/resume', async () => {
  const input = Array.from({ length: 500 }, (_, i) => `k${i}:v${i}`).join('\n') + '\n';
  execFileSync('kcat', ['-P', '-b', broker.bootstrap, '-t', 'fetch', '-p', '0', '-K', ':'], { input });
  const consumer = new Consumer({ ...common(), autoOffsetReset: 'earliest', maxPollRecords: 100 });
  try {
    consumer.assign([{ topic: 'fetch', partition: 0 }]);
    const got = await pollUntil(consumer, 500);
    assert.equal(got.length, 500);
    got.forEach((r, i) => {
      assert.equal(r.offset, i);
      assert.equal(r.key?.toString(), `k${i}`);
      assert.equal(r.value?.toString(), `v${i}`);
    });
    assert.equal(await consumer.position({ topic: 'fetch', partition: 0 }), 500);
    consumer.seek({ topic: 'fetch', partition: 0, offset: 250 });
    consumer.pause([{ topic: 'fetch', partition: 0 }]);
    assert.deepEqual(await consumer.poll({ timeoutMs: 300 }), []);
    consumer.resume([{ topic: 'fetch', partition: 0 }]);
    const again = await pollUntil(consumer, 1);
    assert.equal(again[0]!.offset, 250);
  } finally {
    await consumer.close();
  }
});

test('consumer group: two members split the partitions, commit, and the survivor takes over on leave', async () => {
  const producer = new Producer(common());
  for (let i = 0; i < 400; i++) producer.produce({ topic: 'group', key: `k${i}`, value: `v${i}` });
  await producer.flush();
  await producer.close();

  const events: string[] = [];
  const make = (name: string) =>
    new Consumer({
      ...common(),
      groupId: 'g-mock',
      autoOffsetReset: 'earliest',
      sessionTimeoutMs: 6000,
      rebalanceTimeoutMs: 6000,
      heartbeatIntervalMs: 300,
      onAssigned: (ps) => void events.push(`${name}+${ps.length}`),
      onRevoked: (ps) => void events.push(`${name}-${ps.length}`),
    });
  const a = make('a');
  const b = make('b');
  try {
    a.subscribe(['group']);
    b.subscribe(['group']);
    const seen = new Map<string, number>();
    const end = Date.now() + 30000;
    while (Date.now() < end && (seen.size < 400 || a.assignment().length + b.assignment().length !== 4 || a.assignment().length === 0 || b.assignment().length === 0)) {
      const [ra, rb] = await Promise.all([a.poll({ timeoutMs: 300 }), b.poll({ timeoutMs: 300 })]);
      for (const r of [...ra, ...rb]) seen.set(`${r.partition}/${r.offset}`, (seen.get(`${r.partition}/${r.offset}`) ?? 0) + 1);
    }
    const pa = a.assignment().map((p) => p.partition);
    const pb = b.assignment().map((p) => p.partition);
    assert.equal(pa.length + pb.length, 4, `assignments ${pa} / ${pb}`);
    assert.equal(new Set([...pa, ...pb]).size, 4);
    assert.ok(seen.size >= 400, `consumed ${seen.size}`);
    await a.commit();
    await b.commit();
    const committed = await a.committed(a.assignment());
    for (const c of committed) assert.equal(c.offset, await a.position(c));
    assert.equal(a.groupMetadata().generationId, b.groupMetadata().generationId);
    await b.close();
    const deadline = Date.now() + 30000;
    while (a.assignment().length < 4 && Date.now() < deadline) await a.poll({ timeoutMs: 300 });
    assert.equal(a.assignment().length, 4);
  } finally {
    await a.close();
    await b.close();
  }
  assert.ok(events.some((e) => e.startsWith('a+')) && events.some((e) => e.startsWith('b+')), events.join(' '));
  assert.ok(events.some((e) => e.startsWith('b-')), `b revoked its partitions on close: ${events.join(' ')}`);
});

test('admin: list offsets earliest/latest and group offsets', async () => {
  const producer = new Producer(common());
  for (let i = 0; i < 10; i++) await producer.send({ topic: 'admin', partition: 1, value: `v${i}` });
  await producer.close();
  const admin = new Admin(common());
  try {
    const [earliest] = await admin.listOffsets([{ topic: 'admin', partition: 1, spec: 'earliest' }]);
    const [latest] = await admin.listOffsets([{ topic: 'admin', partition: 1, spec: 'latest' }]);
    assert.equal(earliest!.offset, 0);
    assert.equal(latest!.offset, 10);
    const offsets = await admin.listGroupOffsets('g-mock', [{ topic: 'group', partition: 0 }]);
    assert.ok(offsets[0]!.offset > 0);
  } finally {
    await admin.close();
  }
});
