// The output half of the stateless hot path alone: a processor's `forward(record)` -> sink node
// (serializers) -> record collector -> producer -> bytes in the batch. Records are fed synchronously in
// chunks of 1000 (as a task runs a poll's records); only that synchronous part is timed, so the figures
// are the per-record cost of the path (sending the batches and the in-process broker are not counted).
// Prints CPU-ns and wall-ns per record (synchronous part) and, with BENCH_HEAP=1, bytes allocated per record
// (allocation sampling, collected objects included) with the top allocation sites.
// Run: npx tsx bench/sink-path.ts [records=300000] [repeat=3]
import { Session } from 'node:inspector/promises';
import { startBroker } from '../src/broker/index.js';
import { Admin, Producer } from '../src/client/index.js';
import { Serdes } from '../src/index.js';
import { Headers } from '../src/streams/processor/headers.js';
import { Record } from '../src/streams/processor/record.js';
import { TaskId } from '../src/streams/processor/task-id.js';
import { KafkaRecordCollector } from '../src/streams/runtime/kafka/kafka-record-collector.js';
import { ProcessorContextImpl } from '../src/streams/runtime/processor-context-impl.js';
import { ProcessorNode } from '../src/streams/runtime/processor-node.js';
import { SinkNode } from '../src/streams/runtime/sink-node.js';
import type { StateManager } from '../src/streams/runtime/state-manager.js';

const N = Number(process.argv[2] ?? 300_000);
const REPEAT = Number(process.argv[3] ?? 3);
const CHUNK = 1000;
const KEYS = 10_000;
const PARTITIONS = 4;
const heap = process.env.BENCH_HEAP !== undefined;

const broker = await startBroker({ port: 0 });
const admin = new Admin({ bootstrapServers: broker.address });
await admin.createTopics([{ name: 'out', numPartitions: PARTITIONS, replicationFactor: 1 }]);
// the stream thread's producer settings (streams-producer.ts)
const producer = new Producer({ bootstrapServers: broker.address, lingerMs: 5, batchSize: 131_072, allowAutoTopicCreation: false });
await producer.partitionsFor(['out']);
const collector = new KafkaRecordCollector(producer, new Map([['out', PARTITIONS]]));

const context = new ProcessorContextImpl({
  applicationId: 'bench',
  taskId: new TaskId(0, 0),
  appConfigs: {},
  stateDir: '',
  keySerde: undefined,
  valueSerde: undefined,
  stateManager: {} as StateManager,
  recordCollector: collector.forTask('0_0', (error) => {
    throw error;
  }),
  services: { streamTime: () => -1, wallClockTime: () => Date.now(), schedule: () => ({ cancel: () => undefined }), requestCommit: () => undefined },
});
const parent = new ProcessorNode('map');
const sink = new SinkNode('sink', 'out', { keySerializer: Serdes.String(), valueSerializer: Serdes.Bytes() });
parent.addChild(sink);
sink.init(context);

const keys = Array.from({ length: KEYS }, (_, i) => `key-${String(i).padStart(4, '0')}`);
const value = Buffer.alloc(100 - 8, 'x');
const base = Date.now() - 10 * N;
// like a task: one record context per input record, one record per forward (fresh headers from the source)
function feed(from: number, to: number): void {
  for (let i = from; i < to; i++) {
    const headers = new Headers();
    const timestamp = base + i;
    context.setRecordContext({ timestamp, topic: 'in', partition: 0, offset: i, headers });
    context.setCurrentNode(parent);
    context.forward(parent, new Record(keys[i % KEYS], value, timestamp, headers));
  }
}

/** feeds `records` records; returns the wall and CPU time of the synchronous part, in ns */
async function run(records: number): Promise<{ wall: number; cpu: number }> {
  let wall = 0;
  let cpu = 0;
  for (let i = 0; i < records; i += CHUNK) {
    const c0 = process.cpuUsage();
    const t0 = process.hrtime.bigint();
    feed(i, Math.min(records, i + CHUNK));
    wall += Number(process.hrtime.bigint() - t0);
    const c = process.cpuUsage(c0);
    cpu += (c.user + c.system) * 1000;
    if (i % 50_000 === 0) await collector.flushAll();
    else await new Promise((r) => setImmediate(r));
  }
  await collector.flushAll();
  return { wall, cpu };
}

await run(Math.min(N, 100_000)); // warm-up
for (let r = 0; r < REPEAT; r++) {
  const session = heap && r === REPEAT - 1 ? new Session() : undefined;
  if (session) {
    session.connect();
    await session.post('HeapProfiler.enable');
    await session.post('HeapProfiler.startSampling', { samplingInterval: 512, includeObjectsCollectedByMajorGC: true, includeObjectsCollectedByMinorGC: true });
  }
  const { wall, cpu } = await run(N);
  console.log(`sink path run ${r}: ${(cpu / N).toFixed(0)} CPU-ns/record, ${(wall / N).toFixed(0)} wall-ns/record (synchronous part, ${N} records)`);
  if (session) {
    const { profile } = await session.post('HeapProfiler.stopSampling');
    session.disconnect();
    // self bytes by function (top of the stack), only what was allocated while feeding
    const bySite = new Map<string, number>();
    let total = 0;
    const walk = (node: (typeof profile)['head'], stack: string[]): void => {
      const cf = node.callFrame;
      const here = [`${cf.functionName || '(anon)'}@${cf.url.replace(/.*\//, '')}`, ...stack];
      if (node.selfSize > 0 && here.some((f) => f.startsWith('feed@'))) {
        const site = here.slice(0, 3).join(' < ');
        bySite.set(site, (bySite.get(site) ?? 0) + node.selfSize);
        total += node.selfSize;
      }
      for (const c of node.children) walk(c, here);
    };
    walk(profile.head, []);
    console.log(`allocated while feeding: ${(total / N).toFixed(0)} B/record`);
    for (const [site, bytes] of [...bySite].sort((a, b) => b[1] - a[1]).slice(0, 12)) console.log(`${(bytes / N).toFixed(1).padStart(8)} B  ${site}`);
  }
}
await producer.close();
await admin.close();
await broker.close();
