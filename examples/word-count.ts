// WordCount on Kafka: the topology of first-topology.ts run by KafkaStreams.
// `npx tsx examples/word-count.ts` (bundled broker) or `BOOTSTRAP_SERVERS=host:9092 npx tsx examples/word-count.ts`.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { KafkaStreams } from '../src/index.js';
import { INPUT_TOPIC, OUTPUT_TOPIC, wordCountTopology } from './first-topology.js';
import { createTopics, latestValues, send, withKafka } from './support/local-kafka.js';

export async function runWordCount(bootstrapServers: string, lines: string[]): Promise<Map<string, number>> {
  await createTopics(bootstrapServers, [
    { name: INPUT_TOPIC, partitions: 3 },
    { name: OUTPUT_TOPIC, partitions: 3 },
  ]);
  const streams = new KafkaStreams(wordCountTopology(), {
    'application.id': 'wordcount-example',
    'bootstrap.servers': bootstrapServers,
    'state.dir': mkdtempSync(join(tmpdir(), 'wordcount-')),
    'commit.interval.ms': 200,
  });
  await streams.start();
  try {
    await send(bootstrapServers, INPUT_TOPIC, lines.map((value) => ({ key: null, value })));
    return await latestValues(bootstrapServers, OUTPUT_TOPIC, 3, (k, v) => [k.toString(), Number(v.readBigInt64BE(0))], 2000);
  } finally {
    await streams.close();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  await withKafka(async (bootstrap) => {
    const counts = await runWordCount(bootstrap, ['hello kafka streams', 'hello typescript', 'streams of hello']);
    for (const [word, n] of [...counts].sort()) console.log(`${word}: ${n}`);
  });
}
