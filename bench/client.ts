// Client throughput (records spread over 8 partitions of one broker): produce and consume records/s and MB/s with 100-byte values, kstreams/client vs
// kafkajs 2.2.4 on the same broker in the same run (librdkafka's mock cluster, one broker), plus kcat
// (librdkafka) consuming for reference. Consume time runs from the first record received to the last
// (kstreams also with connection setup included); default fetch sizes (1 MiB per partition) for both.
// Run: npx tsx bench/client.ts [records=200000] [mock|dev]
// `dev` runs against kstreams' development broker (in this process); kafkajs' consumer needs a group
// coordinator, which that broker does not have yet, so its consume row is left out there.
import { execFileSync, spawnSync } from 'node:child_process';
import { Kafka, logLevel } from 'kafkajs';
import { Consumer, Producer } from '../src/client/index.js';
import { Admin } from '../src/client/index.js';
import { startBroker } from '../src/broker/start-broker.js';
import { startMockBroker } from '../test/client/helpers/mock-broker.js';

const N = Number(process.argv[2] ?? 200_000);
const SIZE = 100;
// The mock cluster keeps only a few MB per partition: spread the records so nothing is trimmed.
const PARTITIONS = 8;
const MB = 1024 * 1024;
const value = Buffer.alloc(SIZE, 'x');
const rows: Array<Record<string, string>> = [];

function row(client: string, op: string, ms: number, count: number): void {
  const secs = ms / 1000;
  rows.push({
    client,
    op,
    records: String(count),
    'time ms': ms.toFixed(0),
    'records/s': Math.round(count / secs).toLocaleString('en-US'),
    'MB/s': ((count * SIZE) / MB / secs).toFixed(1),
  });
}

const target = process.argv[3] === 'dev' ? 'dev' : 'mock';
const broker =
  target === 'mock'
    ? await startMockBroker({ brokers: 1, topics: [`bench-ours:${PARTITIONS}`, `bench-kafkajs:${PARTITIONS}`] })
    : await (async () => {
        const b = await startBroker({});
        const admin = new Admin({ bootstrapServers: b.address });
        await admin.createTopics([`bench-ours`, `bench-kafkajs`].map((name) => ({ name, numPartitions: PARTITIONS })));
        await admin.close();
        return { bootstrap: b.address, stop: () => b.close() };
      })();
try {
  // ---- produce ----
  const producer = new Producer({ bootstrapServers: broker.bootstrap, lingerMs: 5, batchSize: 256 * 1024, maxRequestSize: 4 * MB });
  await producer.connect();
  await producer.send({ topic: 'bench-ours', value: 'warmup' });
  let t = performance.now();
  for (let i = 0; i < N; i++) producer.produce({ topic: 'bench-ours', partition: i % PARTITIONS, value });
  await producer.flush();
  row('kstreams', 'produce', performance.now() - t, N);
  await producer.close();

  const kafka = new Kafka({ brokers: [broker.bootstrap], logLevel: logLevel.NOTHING, clientId: 'bench' });
  const kp = kafka.producer({ allowAutoTopicCreation: false });
  await kp.connect();
  await kp.send({ topic: 'bench-kafkajs', messages: [{ value: 'warmup' }] });
  const chunk = Array.from({ length: 1000 }, () => ({ value }));
  t = performance.now();
  const inflight: Array<Promise<unknown>> = [];
  for (let sent = 0; sent < N; sent += chunk.length) {
    inflight.push(kp.send({ topic: 'bench-kafkajs', messages: chunk }));
    if (inflight.length >= 5) await inflight.shift();
  }
  await Promise.all(inflight);
  row('kafkajs', 'produce', performance.now() - t, N);
  await kp.disconnect();

  // ---- consume (both topics hold N + 1 records of the same size) ----
  const total = N + 1;
  const consumer = new Consumer({ bootstrapServers: broker.bootstrap, autoOffsetReset: 'earliest', maxPollRecords: 5000 });
  consumer.assign(Array.from({ length: PARTITIONS }, (_, partition) => ({ topic: 'bench-ours', partition })));
  let got = 0;
  let start = 0;
  const startWithConnect = performance.now();
  while (got < total) {
    const rs = await consumer.poll({ timeoutMs: 5000, maxRecords: 5000 });
    if (rs.length === 0) throw new Error(`kstreams consumer stalled at ${got}`);
    if (start === 0) start = performance.now();
    for (const r of rs) if (r.value) got++;
  }
  const end = performance.now();
  row('kstreams', 'consume', end - start, got);
  row('kstreams', 'consume (incl. connect)', end - startWithConnect, got);
  await consumer.close();

  if (target === 'mock') {
    const kc = kafka.consumer({ groupId: 'bench-kafkajs' });
    await kc.connect();
    await kc.subscribe({ topic: 'bench-kafkajs', fromBeginning: true });
    let kgot = 0;
    let kstart = 0;
    let kend = 0;
    await new Promise<void>((resolve) => {
      void kc.run({
        autoCommit: false,
        eachBatch: async ({ batch }) => {
          if (kstart === 0) kstart = performance.now();
          for (const m of batch.messages) if (m.value) kgot++;
          if (kgot >= total && kend === 0) {
            kend = performance.now();
            resolve();
          }
        },
      });
    });
    row('kafkajs', 'consume', kend - kstart, kgot);
    await kc.disconnect();
  }

  // kcat (librdkafka) consuming the same topic, for reference: whole process time.
  // (kcat needs the event loop free when the broker runs in this process: mock only)
  if (target === 'mock' && spawnSync('kcat', ['-V']).status === 0) {
    t = performance.now();
    const out = execFileSync('kcat', ['-C', '-b', broker.bootstrap, '-t', 'bench-ours', '-e', '-q', '-o', 'beginning', '-f', '.'], { maxBuffer: 64 * MB });
    row('kcat', 'consume (process)', performance.now() - t, out.length);
  }
} finally {
  await broker.stop();
}

console.log(`\nclient throughput, ${N} records of ${SIZE} B, ${target === 'mock' ? 'librdkafka mock broker (1 node)' : 'kstreams dev broker (in process, memory)'}, node ${process.version}\n`);
console.table(rows);
