// Produce and consume with kstreams/client.
//   npx tsx examples/client-produce-consume.ts                  # starts the bundled development broker in-process
//   npx tsx examples/client-produce-consume.ts 127.0.0.1:9092   # or use any Kafka broker (e.g. `npx kstreams broker`)
import { Admin, Consumer, Producer, type TopicPartition } from '../src/client/index.js';
import { startBroker } from '../src/broker/index.js';

// No bootstrap address given: run kstreams' development broker inside this process, on a free port.
const broker = process.argv[2] === undefined ? await startBroker({ port: 0 }) : undefined;
const bootstrapServers = process.argv[2] ?? broker!.address;
if (broker) console.log(`started the development broker on ${broker.address}`);

const topic = 'client-example';
const groupId = 'client-example-group';
const show = (ps: TopicPartition[]) => ps.map((p) => `${p.topic}-${p.partition}`).join(', ') || 'nothing';

try {
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
    groupId,
    autoOffsetReset: 'earliest',
    onAssigned: (partitions) => console.log(`assigned ${show(partitions)}`),
    onRevoked: async (partitions) => {
      console.log(`revoked ${show(partitions)}`);
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
  // Commit the positions: the group resumes from here next time.
  await consumer.commit();
  const written = new Set(acks.map((a) => a.partition));
  for (const c of await consumer.committed([...written].map((partition) => ({ topic, partition })))) {
    console.log(`committed ${c.topic}-${c.partition}: next offset ${c.offset}`);
  }
  await consumer.close();
  if (seen < acks.length) throw new Error(`consumed ${seen} of ${acks.length} records`);
  console.log(`done: ${seen} records produced and consumed by group ${groupId}`);
} finally {
  await broker?.close();
}
