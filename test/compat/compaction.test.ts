// Compaction end to end, on disk, with third-party clients: kafkajs creates the compacted topic and
// produces many updates per key plus tombstones; kcat (librdkafka) reads the log back.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Kafka, logLevel } from 'kafkajs';
import { startBroker } from '../../src/broker/start-broker.js';

test('compacted topic: last value per key, tombstones gone after delete.retention.ms, offsets never reused', { timeout: 90_000 }, async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'kstreams-compact-'));
  const broker = await startBroker({ dataDir: dir, cleanerIntervalMs: 100 });
  const kafka = new Kafka({ clientId: 'cmp', brokers: [broker.address], logLevel: logLevel.NOTHING });
  const admin = kafka.admin();
  const producer = kafka.producer();
  t.after(async () => {
    await producer.disconnect().catch(() => undefined);
    await admin.disconnect().catch(() => undefined);
    await broker.close();
    rmSync(dir, { recursive: true, force: true });
  });
  await admin.connect();
  await admin.createTopics({
    topics: [{
      topic: 'cmp', numPartitions: 1,
      configEntries: [
        { name: 'cleanup.policy', value: 'compact' },
        { name: 'segment.bytes', value: '4096' },
        { name: 'min.cleanable.dirty.ratio', value: '0.01' },
        { name: 'delete.retention.ms', value: '2000' },
      ],
    }],
  });
  await producer.connect();
  // 20 keys x 30 updates, one record per send so the segments roll; then tombstones for k0 and k1.
  const lastOffset = new Map<string, number>();
  for (let round = 0; round < 30; round++) {
    const [meta] = await producer.send({ topic: 'cmp', messages: Array.from({ length: 20 }, (_, k) => ({ key: `k${k}`, value: `v${round}` })) });
    for (let k = 0; k < 20; k++) lastOffset.set(`k${k}`, Number(meta!.baseOffset) + k);
  }
  const [tomb] = await producer.send({ topic: 'cmp', messages: [{ key: 'k0', value: null }, { key: 'k1', value: null }] });
  lastOffset.set('k0', Number(tomb!.baseOffset));
  lastOffset.set('k1', Number(tomb!.baseOffset) + 1);
  // Filler so the tombstones end up in a closed segment.
  for (let i = 0; i < 10; i++) await producer.send({ topic: 'cmp', messages: Array.from({ length: 10 }, () => ({ key: 'filler', value: 'x'.repeat(50) })) });
  const endBefore = Number((await admin.fetchTopicOffsets('cmp'))[0]!.high);

  // Asynchronous: the broker runs in this process and must keep serving while kcat reads.
  const read = async () => {
    const r = await promisify(execFile)('kcat', ['-C', '-b', broker.address, '-t', 'cmp', '-o', 'beginning', '-e', '-q', '-f', '%o %k %S %s\n'], { timeout: 20_000 });
    return r.stdout.split('\n').filter(Boolean).map((l) => l.split(' '));
  };
  const waitFor = async (cond: (rows: string[][]) => boolean, what: string) => {
    const deadline = Date.now() + 20_000;
    for (;;) {
      const rows = await read();
      if (cond(rows)) return rows;
      if (Date.now() > deadline) throw new Error(`${what}: ${rows.length} rows`);
      await new Promise((r) => setTimeout(r, 300));
    }
  };
  // Compacted: each key k2..k19 once, with its last value at its original offset.
  const compacted = await waitFor((rows) => rows.filter((r) => r[1] === 'k5').length === 1, 'compaction');
  for (let k = 2; k < 20; k++) {
    const rows = compacted.filter((r) => r[1] === `k${k}`);
    assert.deepEqual(rows.map((r) => [Number(r[0]), r[3]]), [[lastOffset.get(`k${k}`), 'v29']], `k${k}`);
  }
  const offsets = compacted.map((r) => Number(r[0]));
  assert.deepEqual([...offsets].sort((a, b) => a - b), offsets, 'offsets increase');
  // The tombstones are gone once delete.retention.ms (2 s) has passed.
  const later = await waitFor((rows) => !rows.some((r) => r[1] === 'k0' || r[1] === 'k1'), 'tombstones removed');
  assert.ok(!later.some((r) => r[1] === 'k0'));
  // New records continue after the old end: offsets are never reused.
  const [after] = await producer.send({ topic: 'cmp', messages: [{ key: 'k2', value: 'new' }] });
  assert.equal(Number(after!.baseOffset), endBefore);
});

test('retention: retention.ms and retention.bytes move the log start offset, never into the active segment', { timeout: 60_000 }, async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'kstreams-retention-'));
  const broker = await startBroker({ dataDir: dir, cleanerIntervalMs: 50 });
  const kafka = new Kafka({ clientId: 'ret', brokers: [broker.address], logLevel: logLevel.NOTHING });
  const admin = kafka.admin();
  const producer = kafka.producer();
  t.after(async () => {
    await producer.disconnect().catch(() => undefined);
    await admin.disconnect().catch(() => undefined);
    await broker.close();
    rmSync(dir, { recursive: true, force: true });
  });
  await admin.connect();
  await admin.createTopics({
    topics: [
      { topic: 'by-time', numPartitions: 1, configEntries: [{ name: 'retention.ms', value: '1000' }, { name: 'segment.bytes', value: '2048' }] },
      { topic: 'by-size', numPartitions: 1, configEntries: [{ name: 'retention.bytes', value: '4096' }, { name: 'segment.bytes', value: '2048' }] },
    ],
  });
  await producer.connect();
  for (let i = 0; i < 40; i++) {
    for (const topic of ['by-time', 'by-size']) await producer.send({ topic, messages: [{ key: `k${i}`, value: 'y'.repeat(200) }] });
  }
  const low = async (topic: string) => Number((await admin.fetchTopicOffsets(topic))[0]!.low);
  const high = async (topic: string) => Number((await admin.fetchTopicOffsets(topic))[0]!.high);
  const waitFor = async (cond: () => Promise<boolean>, what: string) => {
    const deadline = Date.now() + 15_000;
    while (!(await cond())) {
      if (Date.now() > deadline) throw new Error(what);
      await new Promise((r) => setTimeout(r, 100));
    }
  };
  await waitFor(async () => (await low('by-size')) > 0, 'retention.bytes deletes old data');
  const kept = (await high('by-size')) - (await low('by-size'));
  assert.ok(kept >= 10 && kept <= 40, `keeps about retention.bytes (4096 B, ~14 records): ${kept}`);
  await waitFor(async () => (await low('by-time')) > 30, 'retention.ms deletes expired data');
  const [lowT, highT] = [await low('by-time'), await high('by-time')];
  assert.ok(lowT < highT, `the active segment stays: ${lowT} < ${highT}`);
});
