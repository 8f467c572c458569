// Coordinator benchmarks against the development broker (in memory):
// 1. rebalance time of a 10-member kafkajs consumer group: first join of all 10, an 11th member
//    joining, and a member leaving (time until every member has its new assignment);
// 2. transactional produce (confluent-kafka, commit every 100 ms) against plain idempotent produce.
// Prints a table and writes bench/results/coordinators.json.
// Run: npx tsx bench/coordinators.ts [--records N] [--size BYTES]
import { spawn } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { Kafka, logLevel } from 'kafkajs';
import type { Consumer } from 'kafkajs';
import { startBroker } from '../src/broker/start-broker.js';

const { values } = parseArgs({ options: { records: { type: 'string' }, size: { type: 'string' } } });
const records = Number(values.records ?? 200_000);
const size = Number(values.size ?? 100);
const rows: { what: string; value: string }[] = [];

async function rebalanceBench(): Promise<void> {
  const broker = await startBroker({ partitions: 20, coordinators: { initialRebalanceDelayMs: 0 } });
  const kafka = new Kafka({ clientId: 'bench', brokers: [broker.address], logLevel: logLevel.NOTHING });
  const admin = kafka.admin();
  await admin.connect();
  await admin.createTopics({ topics: [{ topic: 'rb', numPartitions: 20 }] });
  await admin.disconnect();
  const generation = new Map<number, number>();
  const consumers: Consumer[] = [];
  const start = async (i: number) => {
    const c = kafka.consumer({ groupId: 'rb', sessionTimeout: 6000, rebalanceTimeout: 3000, heartbeatInterval: 100, maxWaitTimeInMs: 100 });
    consumers.push(c);
    c.on(c.events.GROUP_JOIN, (e) => generation.set(i, e.payload.groupId === 'rb' ? Date.now() : 0));
    await c.connect();
    await c.subscribe({ topic: 'rb' });
    await c.run({ eachMessage: async () => undefined });
  };
  const settled = async (ids: number[], since: number) => {
    while (!ids.every((i) => (generation.get(i) ?? 0) >= since)) await new Promise((r) => setTimeout(r, 5));
    return Math.max(...ids.map((i) => generation.get(i)!)) - since;
  };
  const ids = Array.from({ length: 10 }, (_, i) => i);
  let t0 = Date.now();
  await Promise.all(ids.map(start));
  rows.push({ what: '10 members: first join to all assigned (ms)', value: String(await settled(ids, t0)) });
  await new Promise((r) => setTimeout(r, 500));
  t0 = Date.now();
  await start(10);
  rows.push({ what: '11th member joins: all 11 reassigned (ms)', value: String(await settled([...ids, 10], t0)) });
  await new Promise((r) => setTimeout(r, 500));
  t0 = Date.now();
  await consumers[10]!.disconnect();
  rows.push({ what: 'member leaves: 10 reassigned (ms)', value: String(await settled(ids, t0)) });
  for (const c of consumers) await c.disconnect().catch(() => undefined);
  await broker.close();
}

async function txnBench(): Promise<void> {
  const broker = await startBroker({ partitions: 1 });
  const script = fileURLToPath(new URL('./py/txn_throughput.py', import.meta.url));
  for (const mode of ['plain', 'txn']) {
    // Async spawn: the broker runs in this process and must keep serving.
    const child = spawn('/usr/bin/python3', [script, broker.address, `tp-${mode}`, String(records), String(size), mode, '100']);
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    await new Promise((r) => child.on('close', r));
    const [secs, txns] = out.trim().split(' ').map(Number) as [number, number];
    rows.push({
      what: `${mode === 'txn' ? 'transactional (commit every 100 ms)' : 'plain idempotent'} produce, ${size} B records`,
      value: `${Math.round(records / secs)} rec/s, ${((records * size) / secs / 1e6).toFixed(1)} MB/s${mode === 'txn' ? `, ${txns} txns` : ''}`,
    });
  }
  await broker.close();
}

await rebalanceBench();
await txnBench();
const width = Math.max(...rows.map((r) => r.what.length));
for (const r of rows) console.log(`${r.what.padEnd(width)}  ${r.value}`);
mkdirSync(new URL('./results/', import.meta.url), { recursive: true });
writeFileSync(new URL('./results/coordinators.json', import.meta.url), JSON.stringify({ records, size, rows }, null, 2));
process.exit(0);
