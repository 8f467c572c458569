// Log cleaner throughput: builds a compacted topic on disk (100-byte values, --keys distinct keys,
// many updates per key, batches of 100 records) of --mb megabytes, then times one full compaction
// pass of the cleaner. Prints MB/s read, bytes and records before/after, peak RSS; writes
// bench/results/cleaner.json.
// Run: npx tsx bench/cleaner.ts [--mb 1024] [--keys 100000]
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { encodeRecordBatch } from '../src/protocol/records/index.js';
import { TopicManager } from '../src/broker/state/topics.js';
import { LogCleaner } from '../src/broker/cleaner/log-cleaner.js';

const { values } = parseArgs({ options: { mb: { type: 'string' }, keys: { type: 'string' } } });
const targetBytes = Number(values.mb ?? 256) * 1e6;
const keys = Number(values.keys ?? 100_000);
const dir = mkdtempSync(join(tmpdir(), 'kstreams-cleaner-bench-'));
const topics = new TopicManager({ dataDir: dir, fsync: { kind: 'never' }, log: () => undefined });
const topic = topics.create('compacted', 1, new Map([['cleanup.policy', 'compact'], ['segment.bytes', String(16 * 1024 * 1024)]]));
const partition = topic.partitions[0]!;
const value = Buffer.alloc(100, 'v');
let n = 0;
const t0 = Date.now();
while (partition.log.sizeInBytes < targetBytes) {
  const records = Array.from({ length: 100 }, () => ({ key: Buffer.from(`key-${n++ % keys}`), value, timestamp: Date.now() }));
  const outcome = partition.appendFromProducer(encodeRecordBatch({ records }), topic.config);
  if (outcome.errorCode !== 0) throw new Error(`append failed: ${outcome.errorCode}`);
}
// One more segment so the data above is all in closed segments.
partition.log.append(encodeRecordBatch({ records: [{ key: Buffer.from('tail'), value, timestamp: Date.now() }] }), 0);
const buildMs = Date.now() - t0;
const before = partition.log.sizeInBytes;
const cleaner = new LogCleaner({ topics });
const t1 = Date.now();
await cleaner.cleanPartition(topic, partition, true);
const cleanMs = Date.now() - t1;
const s = cleaner.stats;
const rows: [string, string][] = [
  ['log size before', `${(before / 1e6).toFixed(0)} MB, ${n} records, ${keys} keys`],
  ['build (append) time', `${buildMs} ms`],
  ['compaction time', `${cleanMs} ms`],
  ['cleaner throughput', `${(s.bytesRead / 1e6 / (cleanMs / 1000)).toFixed(1)} MB/s read, ${Math.round(n / (cleanMs / 1000))} records/s`],
  ['log size after', `${(partition.log.sizeInBytes / 1e6).toFixed(1)} MB, ${s.recordsRemoved} records removed`],
  ['peak RSS', `${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB`],
];
for (const [k, v] of rows) console.log(`${k.padEnd(22)} ${v}`);
mkdirSync(new URL('./results/', import.meta.url), { recursive: true });
writeFileSync(new URL('./results/cleaner.json', import.meta.url), JSON.stringify({ targetMb: targetBytes / 1e6, keys, buildMs, cleanMs, stats: s }, null, 2));
topics.close();
rmSync(dir, { recursive: true, force: true });
