// The input of the runtime benches (runtime.ts, runtime-hot.ts, runtime-stateful.ts): 100-byte records
// (an 8-byte key of 10,000 distinct ones, a 92-byte value) in topics of 4 partitions, and how a row of
// figures is printed.
import { Admin, Producer } from '../src/client/index.js';

export const PARTITIONS = 4;
export const KEYS = 10_000;
export const VALUE = Buffer.alloc(100 - 8, 'x');

export const benchKey = (i: number): string => `key-${String(i % KEYS).padStart(4, '0')}`;

/**
 * Creates `topic` and writes `count` records to it, keys from `keyOf`. Timestamps are recent: records
 * older than retention.ms (7 days) would be deleted by the broker's cleaner.
 */
export async function fillTopic(admin: Admin, bootstrapServers: string, topic: string, count: number, keyOf: (i: number) => string | Buffer = benchKey): Promise<void> {
  await admin.createTopics([{ name: topic, numPartitions: PARTITIONS, replicationFactor: 1 }]);
  const producer = new Producer({ bootstrapServers, lingerMs: 5 });
  const base = Date.now() - count;
  for (let i = 0; i < count; i++) {
    producer.produce({ topic, key: keyOf(i), value: VALUE, timestamp: base + i });
    if (i % 50_000 === 49_999) await producer.flush();
  }
  await producer.flush();
  await producer.close();
}

/** A table row of a workload's figures (and a line on stderr); `cpuUs`: CPU time over the same window. */
export function rateRow(workload: string, ms: number, count: number, cpuUs?: number): Record<string, string> {
  const perRecord = cpuUs === undefined ? '' : (cpuUs / count).toFixed(2);
  const row = { workload, records: String(count), 'time ms': ms.toFixed(0), 'records/s': Math.round(count / (ms / 1000)).toLocaleString('en-US'), 'CPU µs/record': perRecord };
  console.error(`${workload}: ${row['records/s']} records/s${perRecord === '' ? '' : `, ${perRecord} CPU-µs/record`}`);
  return row;
}
