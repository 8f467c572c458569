// Shared helpers of the runtime tests: a broker per test file, topics, producing lines, reading a
// topic's latest value per key.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Admin, Consumer, Producer, type ConsumerRecord } from '../../src/client/index.js';

const leftoverDirs = new Set<string>();
process.once('exit', () => {
  for (const dir of leftoverDirs) rmSync(dir, { recursive: true, force: true });
});

/**
 * A state directory removed after the test. Hooks run in the order they were registered, so the removal
 * may come before a hook that stops an instance still writing there: a directory that cannot be removed
 * then is removed when the test process exits instead of failing the test.
 */
export function tempStateDir(t: { after: (fn: () => void) => void }): string {
  const dir = mkdtempSync(join(tmpdir(), 'kstreams-runtime-'));
  t.after(() => {
    try {
      rmSync(dir, { recursive: true, force: true, maxRetries: 3, retryDelay: 100 });
    } catch {
      leftoverDirs.add(dir);
    }
  });
  return dir;
}

export async function createTopics(bootstrap: string, topics: Array<{ name: string; partitions: number; configs?: Record<string, string> }>): Promise<void> {
  const admin = new Admin({ bootstrapServers: bootstrap });
  try {
    await admin.createTopics(topics.map((t) => ({ name: t.name, numPartitions: t.partitions, replicationFactor: 1, configs: t.configs ?? {} })));
  } finally {
    await admin.close();
  }
}

export async function produce(bootstrap: string, topic: string, records: Array<{ key: string | null; value: string; timestamp?: number }>): Promise<void> {
  const producer = new Producer({ bootstrapServers: bootstrap, lingerMs: 2 });
  try {
    for (const r of records) producer.produce({ topic, key: r.key, value: r.value, ...(r.timestamp === undefined ? {} : { timestamp: r.timestamp }) });
    await producer.flush();
  } finally {
    await producer.close();
  }
}

/**
 * Reads `topic` from the beginning until `done(latest)` holds for the map of latest values per key
 * (decoded by `decode`), or the time is up. Returns the map and how many records were read.
 */
export async function readUntil<V>(
  bootstrap: string,
  topic: string,
  decode: (value: Buffer) => V,
  done: (latest: Map<string, V>) => boolean,
  timeoutMs = 30_000,
): Promise<{ latest: Map<string, V>; count: number }> {
  const admin = new Admin({ bootstrapServers: bootstrap });
  const partitions = (await admin.describeTopics([topic]))[0]!.partitions.length;
  await admin.close();
  const consumer = new Consumer({ bootstrapServers: bootstrap, autoOffsetReset: 'earliest' });
  consumer.assign(Array.from({ length: partitions }, (_, partition) => ({ topic, partition })));
  const latest = new Map<string, V>();
  let count = 0;
  const deadline = Date.now() + timeoutMs;
  try {
    while (!done(latest) && Date.now() < deadline) {
      for (const r of await consumer.poll({ timeoutMs: 200 })) {
        count++;
        if (r.key !== null && r.value !== null) latest.set(r.key.toString(), decode(r.value));
      }
    }
  } finally {
    await consumer.close();
  }
  return { latest, count };
}

export const longValue = (b: Buffer): number => Number(b.readBigInt64BE(0));

export function expectedWordCounts(lines: string[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const line of lines) for (const w of line.toLowerCase().split(/\W+/).filter((x) => x.length > 0)) counts.set(w, (counts.get(w) ?? 0) + 1);
  return counts;
}

export function sameCounts(a: Map<string, number>, b: Map<string, number>): boolean {
  if (a.size !== b.size) return false;
  for (const [k, v] of b) if (a.get(k) !== v) return false;
  return true;
}

/** waits until `check()` holds (polled every 50 ms), or throws naming `what` */
export async function until(what: string, check: () => boolean, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** reads partition 0 of `topic` from the start until `count` records arrived (or 15 s passed) */
export async function readAll(bootstrap: string, topic: string, count: number): Promise<ConsumerRecord[]> {
  const consumer = new Consumer({ bootstrapServers: bootstrap, autoOffsetReset: 'earliest' });
  consumer.assign([{ topic, partition: 0 }]);
  const out: ConsumerRecord[] = [];
  const deadline = Date.now() + 15_000;
  try {
    while (out.length < count && Date.now() < deadline) out.push(...(await consumer.poll({ timeoutMs: 200 })));
  } finally {
    await consumer.close();
  }
  return out;
}

/** the errors `streams` stops with: its uncaught-exception handler records each and shuts the client down */
export function collectErrors(streams: { setUncaughtExceptionHandler(handler: (error: unknown) => 'SHUTDOWN_CLIENT'): void }): unknown[] {
  const errors: unknown[] = [];
  streams.setUncaughtExceptionHandler((e) => {
    errors.push(e);
    return 'SHUTDOWN_CLIENT';
  });
  return errors;
}
