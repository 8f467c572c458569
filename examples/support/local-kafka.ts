// For the examples: the Kafka at $BOOTSTRAP_SERVERS, or else the bundled development broker in memory.
import { startBroker } from '../../src/broker/index.js';
import { Admin, Consumer, Producer } from '../../src/client/index.js';

export async function withKafka<T>(run: (bootstrapServers: string) => Promise<T>): Promise<T> {
  const external = process.env.BOOTSTRAP_SERVERS;
  if (external) return run(external);
  const broker = await startBroker({ port: 0 });
  console.log(`bundled broker on ${broker.address}`);
  try {
    return await run(broker.address);
  } finally {
    await broker.close();
  }
}

export async function createTopics(bootstrapServers: string, topics: Array<{ name: string; partitions: number; configs?: Record<string, string> }>): Promise<void> {
  const admin = new Admin({ bootstrapServers });
  try {
    const existing = new Set(await admin.listTopics());
    const missing = topics.filter((t) => !existing.has(t.name));
    if (missing.length > 0) await admin.createTopics(missing.map((t) => ({ name: t.name, numPartitions: t.partitions, replicationFactor: 1, configs: t.configs ?? {} })));
  } finally {
    await admin.close();
  }
}

export async function send(bootstrapServers: string, topic: string, records: Array<{ key: string | null; value: string; timestamp?: number }>): Promise<void> {
  const producer = new Producer({ bootstrapServers });
  try {
    for (const r of records) producer.produce({ topic, key: r.key, value: r.value, ...(r.timestamp === undefined ? {} : { timestamp: r.timestamp }) });
    await producer.flush();
  } finally {
    await producer.close();
  }
}

/** Reads a topic from the start for `ms` and returns the latest value per key, decoded. */
export async function latestValues<V>(
  bootstrapServers: string,
  topic: string,
  partitions: number,
  decode: (key: Buffer, value: Buffer) => [string, V],
  ms: number,
  until?: (latest: ReadonlyMap<string, V>) => boolean,
): Promise<Map<string, V>> {
  const consumer = new Consumer({ bootstrapServers, autoOffsetReset: 'earliest' });
  consumer.assign(Array.from({ length: partitions }, (_, partition) => ({ topic, partition })));
  const latest = new Map<string, V>();
  const deadline = Date.now() + ms;
  try {
    while (Date.now() < deadline) {
      for (const r of await consumer.poll({ timeoutMs: 100 })) {
        if (r.key === null || r.value === null) continue;
        const [k, v] = decode(r.key, r.value);
        latest.set(k, v);
      }
      if (until?.(latest) === true) break;
    }
  } finally {
    await consumer.close();
  }
  return latest;
}

/** Reads a topic from the start for `ms` and returns every record (key and value as text), in partition order. */
export async function allRecords(bootstrapServers: string, topic: string, partitions: number, ms: number): Promise<Array<{ key: string | null; value: string | null }>> {
  const consumer = new Consumer({ bootstrapServers, autoOffsetReset: 'earliest' });
  consumer.assign(Array.from({ length: partitions }, (_, partition) => ({ topic, partition })));
  const records: Array<{ key: string | null; value: string | null }> = [];
  const deadline = Date.now() + ms;
  try {
    while (Date.now() < deadline) {
      for (const r of await consumer.poll({ timeoutMs: 100 })) records.push({ key: r.key?.toString() ?? null, value: r.value?.toString() ?? null });
    }
  } finally {
    await consumer.close();
  }
  return records;
}
