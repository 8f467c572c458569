// The broker's own ceiling, without librdkafka's per-record client costs: a pipelining Node client
// built on the generated codecs sends pre-encoded 1 MiB batches (Produce v9, acks=1, 8 in flight),
// then reads everything back with 8 MiB fetches. Broker in a child process (memory, then disk).
// Run: npx tsx bench/broker-ceiling.ts [--mb N]
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { once } from 'node:events';
import { encodeRecordBatch } from '../src/protocol/records/index.js';
import { produceApi } from '../src/protocol/messages/produce.js';
import { fetchApi } from '../src/protocol/messages/fetch.js';
import { createTopicsApi } from '../src/protocol/messages/create-topics.js';
import { WireClient } from '../test/broker/wire-client.js';

const { values } = parseArgs({ options: { mb: { type: 'string' } } });
const totalMB = Number(values.mb ?? 256);
const entry = fileURLToPath(new URL('../src/cli/entry.ts', import.meta.url));

async function startBroker(dataDir?: string) {
  const child = spawn(process.execPath, ['--import', 'tsx', entry, 'broker', '--port', '0', '--quiet', ...(dataDir ? ['--data-dir', dataDir] : [])], { stdio: ['ignore', 'pipe', 'ignore'] });
  let out = '';
  for await (const chunk of child.stdout!) {
    out += String(chunk);
    const m = /listening on [\d.]+:(\d+)/.exec(out);
    if (m) return { child, port: Number(m[1]) };
  }
  throw new Error(out);
}

const cpuMs = (pid: number) => {
  const f = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return (Number(f[11]) + Number(f[12])) * 10;
};
const rssMB = (pid: number) => Math.round(Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))![1]) / 1024);

const value = Buffer.alloc(1024, 'v');
const batch = encodeRecordBatch({ records: Array.from({ length: 1000 }, () => ({ key: null, value, timestamp: Date.now() })) });
const batches = Math.ceil((totalMB * 1e6) / (1000 * 1024));
const rows: Record<string, string | number>[] = [];

/** 'MB per broker CPU-s' is the broker's cost, robust to a busy machine; wall-clock MB/s is not. */
function row(mode: string, phase: string, bytes: number, ms: number, cpu: number, rss: number): Record<string, string | number> {
  return {
    mode,
    phase,
    'MB/s': Math.round(bytes / 1e6 / (ms / 1000)),
    'records/s': Math.round((batches * 1000) / (ms / 1000)),
    'broker CPU %': Math.round((100 * cpu) / ms),
    'MB per broker CPU-s': Math.round(bytes / 1e6 / (cpu / 1000)),
    'RSS MB': rss,
  };
}

for (const mode of ['memory', 'disk'] as const) {
  const dir = mode === 'disk' ? mkdtempSync(join(tmpdir(), 'kstreams-ceiling-')) : undefined;
  const { child, port } = await startBroker(dir);
  const client = await WireClient.open(port);
  const pid = child.pid!;
  await client.send(createTopicsApi, 7, { topics: [{ name: 'ceiling', numPartitions: 1, replicationFactor: 1, assignments: [], configs: [] }], timeoutMs: 1000, validateOnly: false });
  let cpu = cpuMs(pid);
  let t0 = performance.now();
  const inFlight = new Set<Promise<unknown>>();
  for (let i = 0; i < batches; i++) {
    const p = client.send(produceApi, 9, { transactionalId: null, acks: 1, timeoutMs: 30000, topicData: [{ name: 'ceiling', partitionData: [{ index: 0, records: batch }] }] });
    inFlight.add(p);
    void p.then(() => inFlight.delete(p));
    if (inFlight.size >= 8) await Promise.race(inFlight);
  }
  await Promise.all(inFlight);
  let ms = performance.now() - t0;
  const bytes = batches * 1000 * 1024;
  rows.push(row(mode, 'produce', bytes, ms, cpuMs(pid) - cpu, rssMB(pid)));
  cpu = cpuMs(pid);
  t0 = performance.now();
  let offset = 0n;
  let got = 0;
  while (got < bytes) {
    const f = await client.send(fetchApi, 11, {
      maxWaitMs: 0, minBytes: 1, maxBytes: 8 << 20, isolationLevel: 0, sessionId: 0, sessionEpoch: -1, forgottenTopicsData: [], rackId: '',
      topics: [{ topic: 'ceiling', partitions: [{ partition: 0, fetchOffset: offset, partitionMaxBytes: 8 << 20 }] }],
    });
    const part = f.responses[0]!.partitions[0]!;
    if (part.errorCode !== 0 || !part.records) throw new Error(`fetch error ${part.errorCode}`);
    const records = part.records;
    // Walk batch headers only (as a consumer would before handing out records).
    for (let pos = 0; pos < records.length; ) {
      const size = records.readInt32BE(pos + 8) + 12;
      offset = records.readBigInt64BE(pos) + BigInt(records.readInt32BE(pos + 23)) + 1n;
      pos += size;
    }
    got += 1000 * 1024 * Math.round(records.length / batch.length);
  }
  ms = performance.now() - t0;
  rows.push(row(mode, 'consume', bytes, ms, cpuMs(pid) - cpu, rssMB(pid)));
  client.close();
  child.kill('SIGTERM');
  await once(child, 'exit');
  if (dir) rmSync(dir, { recursive: true, force: true });
}
console.log(`1 KiB records in batches of 1000 (${(batch.length / 1048576).toFixed(2)} MiB), ${batches} batches`);
console.table(rows);
