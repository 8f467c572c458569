// kafkajs 2.2.4 (pure JS client, eager rebalancing) consumer group with several members.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Kafka, logLevel } from 'kafkajs';
import type { Consumer } from 'kafkajs';
import { startBroker } from '../../src/broker/start-broker.js';

test('kafkajs consumer group: three members share six partitions, a member leaves, all records consumed', { timeout: 90_000 }, async (t) => {
  const broker = await startBroker({ partitions: 6, coordinators: { initialRebalanceDelayMs: 300 } });
  const kafka = new Kafka({ clientId: 'kjs', brokers: [broker.address], logLevel: logLevel.NOTHING, retry: { retries: 10, initialRetryTime: 100 } });
  const consumers: Consumer[] = [];
  t.after(async () => {
    for (const c of consumers) await c.disconnect().catch(() => undefined);
    await broker.close();
  });
  const producer = kafka.producer();
  await producer.connect();
  const send = async (from: number, n: number) =>
    producer.send({ topic: 'kjs', messages: Array.from({ length: n }, (_, i) => ({ key: `k${from + i}`, value: `v${from + i}` })) });
  await send(0, 300);
  const seen = new Map<string, string>();
  const assignments = new Map<number, number[]>();
  const start = async (i: number) => {
    const c = kafka.consumer({ groupId: 'kjs-group', sessionTimeout: 6000, rebalanceTimeout: 5000, heartbeatInterval: 300, maxWaitTimeInMs: 300 });
    consumers.push(c);
    c.on(c.events.GROUP_JOIN, (e) => assignments.set(i, (e.payload.memberAssignment['kjs'] ?? []).slice().sort()));
    await c.connect();
    await c.subscribe({ topic: 'kjs', fromBeginning: true });
    await c.run({ eachMessage: async ({ message }) => void seen.set(message.value!.toString(), `m${i}`) });
    return c;
  };
  const waitUntil = async (cond: () => boolean, what: string, ms = 30_000) => {
    const deadline = Date.now() + ms;
    while (!cond()) {
      if (Date.now() > deadline) throw new Error(`timed out: ${what}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  };
  await Promise.all([start(0), start(1), start(2)]);
  const t0 = Date.now();
  await waitUntil(() => seen.size === 300, 'first 300 records');
  t.diagnostic(`first 300 records after ${Date.now() - t0} ms`);
  await waitUntil(
    () => assignments.size === 3 && [...assignments.values()].flat().length === 6 && [...assignments.values()].every((a) => a.length === 2),
    'three members with two partitions each',
  );
  // One member leaves (LeaveGroup); the other two take over its partitions.
  t.diagnostic(`balanced after ${Date.now() - t0} ms`);
  const leaving = consumers[2]!;
  await leaving.disconnect();
  assignments.delete(2);
  await waitUntil(() => [...assignments.values()].flat().sort().join() === '0,1,2,3,4,5', 'two members cover six partitions');
  t.diagnostic(`rebalanced after leave at ${Date.now() - t0} ms`);
  await send(300, 100);
  await waitUntil(() => seen.size === 400, 'records after the leave');
  await producer.disconnect();
  // Disconnecting commits what was consumed; the committed offsets add up to every record.
  for (const c of consumers) await c.disconnect();
  const admin = kafka.admin();
  await admin.connect();
  const [offsets] = await admin.fetchOffsets({ groupId: 'kjs-group', topics: ['kjs'] });
  const groups = await admin.describeGroups(['kjs-group']);
  await admin.disconnect();
  assert.equal(offsets!.partitions.reduce((sum, p) => sum + Number(p.offset), 0), 400);
  assert.equal(groups.groups[0]!.state, 'Empty');
});
