// `kstreams demo`: the first five minutes. Starts the bundled broker in memory, creates the topics,
// starts a WordCount application (KafkaStreams), feeds it lines of text and prints the counts as they
// change, then the final table. Nothing else to install or run.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startBroker } from '../broker/index.js';
import { Admin, Consumer, Producer } from '../client/index.js';
import { KafkaStreams } from '../streams/kafka-streams.js';
import type { Command } from './command.js';
import { DEMO_TEXT, demoWordCount } from './demo/word-count-topology.js';

const INPUT = 'text-lines';
const OUTPUT = 'word-counts';

function parseArgs(args: string[]): { delayMs: number; repeat: number } | string {
  let delayMs = 300;
  let repeat = 1;
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    const v = Number(args[i + 1]);
    if (a === '--delay-ms' && Number.isInteger(v) && v >= 0) delayMs = v;
    else if (a === '--repeat' && Number.isInteger(v) && v > 0) repeat = v;
    else return `unknown or invalid option ${a}`;
    i++;
  }
  return { delayMs, repeat };
}

export const command: Command = {
  name: 'demo',
  summary: 'start a broker and a WordCount application, feed it text and print the counts as they change',
  async run(args) {
    const parsed = parseArgs(args);
    if (typeof parsed === 'string') {
      console.error(`${parsed}\nusage: kstreams demo [--delay-ms N] [--repeat N]`);
      return 2;
    }
    const broker = await startBroker({ port: 0 });
    const stateDir = mkdtempSync(join(tmpdir(), 'kstreams-demo-'));
    const bootstrapServers = broker.address;
    console.log(`broker listening on ${bootstrapServers} (in memory)`);
    const admin = new Admin({ bootstrapServers });
    const producer = new Producer({ bootstrapServers, lingerMs: 0 });
    const reader = new Consumer({ bootstrapServers, autoOffsetReset: 'earliest' });
    let streams: KafkaStreams | undefined;
    try {
      await admin.createTopics([
        { name: INPUT, numPartitions: 3, replicationFactor: 1 },
        { name: OUTPUT, numPartitions: 3, replicationFactor: 1 },
      ]);
      console.log(`created topics ${INPUT} and ${OUTPUT} (3 partitions each)`);
      streams = new KafkaStreams(demoWordCount(INPUT, OUTPUT), {
        'application.id': 'kstreams-demo-wordcount',
        'bootstrap.servers': bootstrapServers,
        'state.dir': stateDir,
        'commit.interval.ms': 200,
      });
      streams.setStateListener((now, before) => console.log(`streams: ${before} -> ${now}`));
      streams.setStateRestoreListener({
        onRestoreEnd: (tp, store, n) => console.log(`restored ${n} records of ${store} from ${tp.topic}-${tp.partition}`),
      });
      await streams.start();
      await streams.waitForState('RUNNING', 30_000);
      console.log('WordCount is running: flatMapValues -> groupBy -> count -> toStream -> to');

      reader.assign([0, 1, 2].map((partition) => ({ topic: OUTPUT, partition })));
      const expected = new Map<string, number>();
      const latest = new Map<string, number>();
      const printUpdates = async (timeoutMs: number): Promise<void> => {
        for (const r of await reader.poll({ timeoutMs })) {
          if (r.key === null || r.value === null) continue;
          const word = r.key.toString();
          const count = Number(r.value.readBigInt64BE(0));
          latest.set(word, count);
          console.log(`  ${word.padEnd(10)} ${count}`);
        }
      };
      for (let round = 0; round < parsed.repeat; round++) {
        for (const line of DEMO_TEXT) {
          console.log(`> ${line}`);
          for (const w of line.split(/\W+/).filter((x) => x.length > 0)) expected.set(w, (expected.get(w) ?? 0) + 1);
          await producer.send({ topic: INPUT, key: null, value: line });
          const until = Date.now() + parsed.delayMs;
          do await printUpdates(Math.max(1, until - Date.now()));
          while (Date.now() < until);
        }
      }
      const deadline = Date.now() + 30_000;
      const complete = (): boolean => [...expected].every(([w, n]) => latest.get(w) === n);
      while (!complete() && Date.now() < deadline) await printUpdates(200);
      console.log('final counts:');
      for (const [w, n] of [...latest].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))) console.log(`  ${w.padEnd(10)} ${n}`);
      if (!complete()) {
        console.error('demo: not every count arrived in time');
        return 1;
      }
      return 0;
    } finally {
      await streams?.close({ timeoutMs: 10_000 });
      await reader.close().catch(() => undefined);
      await producer.close().catch(() => undefined);
      await admin.close().catch(() => undefined);
      await broker.close();
      rmSync(stateDir, { recursive: true, force: true });
    }
  },
};
