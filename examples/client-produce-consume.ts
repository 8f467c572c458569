// Produce and consume with kstreams/client.
// Run against any Kafka broker: npx tsx examples/client-produce-consume.ts [bootstrap=127.0.0.1:9092]
// (for example `npx kstreams broker` in another terminal, or librdkafka's mock cluster).
import { Admin, Consumer, Producer } from '../src/client/index.js';

const bootstrapServers = process.argv[2] ?? '127.0.0.1:9092';
const topic = 'client-example';

const admin = new Admin({ bootstrapServers });
try {
  await admin.createTopics([{ name: topic, numPartitions: 3, replicationFactor: 1 }]);
} catch (err) {
  // An existing topic is fine; a broker without CreateTopics (librdkafka's mock) auto-creates it.
  const code = (err as { code?: string }).code;
  if (code !== 'TOPIC_ALREADY_EXISTS' && code !== 'UNSUPPORTED_VERSION') throw err;
}
await admin.close();

// Idempotent by default; records are batched per partition (lingerMs, batchSize).
const producer = new Producer({ bootstrapServers, lingerMs: 5, compressionType: 'gzip' });
const acks = await Promise.all(
  ['alice', 'bob', 'carol'].map((name, i) =>
    producer.send({ topic, key: name, value: JSON.stringify({ name, visits: i + 1 }), headers: { source: 'example' } }),
  ),
);
for (const a of acks) console.log(`produced to ${a.topic}-${a.partition} at offset ${a.offset}`);
await producer.close();

// A group member: partitions are assigned in poll(); heartbeats run in the background.
const consumer = new Consumer({
  bootstrapServers,
  groupId: 'client-example-group',
  autoOffsetReset: 'earliest',
  onAssigned: (partitions) => console.log('assigned', partitions),
  onRevoked: async (partitions) => {
    console.log('revoked', partitions);
    await consumer.commit();
  },
});
consumer.subscribe([topic]);
let seen = 0;
const deadline = Date.now() + 20_000;
while (seen < acks.length && Date.now() < deadline) {
  for (const r of await consumer.poll({ timeoutMs: 1000 })) {
    seen++;
    console.log(`consumed ${r.topic}-${r.partition}@${r.offset} key=${r.key?.toString()} value=${r.value?.toString()}`);
  }
}
await consumer.commit();
await consumer.close();
