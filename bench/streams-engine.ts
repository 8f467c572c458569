// Streams engine throughput with the Processor API (no DSL, no broker). Prints a table.
//   npx tsx bench/streams-engine.ts [records]
// Rows: the TopologyTestDriver (serialize, enqueue, process, commit after every record, capture
// output) and a bare StreamTask fed in batches of 1000 with a commit per batch, as a runtime would.
import { Topology, Serdes, Headers, TaskId, type Record, type ProcessorContext, type RecordCollector } from '../src/index.js';
import { Stores, type KeyValueStore } from '../src/state/index.js';
import { TopologyTestDriver } from '../src/test-utils/index.js';
import { StreamTask } from '../src/streams/runtime/stream-task.js';
import type { RawRecord } from '../src/streams/runtime/raw-record.js';

const N = Number(process.argv[2] ?? 200_000);
const KEYS = 10_000;
const S = Serdes.String();
const keys = Array.from({ length: KEYS }, (_, i) => `key-${i}`);
const keyBytes = keys.map((k) => Buffer.from(k));
const valueBytes = Buffer.from('some value');

function statelessTopology(): Topology {
  return new Topology()
    .addSource('src', 'in', { keyDeserializer: S, valueDeserializer: S })
    .addProcessor(
      'filter',
      () => {
        let ctx!: ProcessorContext<string, string>;
        return {
          init: (c: ProcessorContext<string, string>) => void (ctx = c),
          process: (r: Record<string, string>) => {
            if (r.key.length > 0) ctx.forward(r);
          },
        };
      },
      'src',
    )
    .addProcessor(
      'map',
      () => {
        let ctx!: ProcessorContext<string, string>;
        return {
          init: (c: ProcessorContext<string, string>) => void (ctx = c),
          process: (r: Record<string, string>) => ctx.forward(r.withValue(r.value.toUpperCase())),
        };
      },
      'filter',
    )
    .addSink('out', 'out', { keySerializer: S, valueSerializer: S }, 'map');
}

function countTopology(): Topology {
  return new Topology()
    .addSource('src', 'in', { keyDeserializer: S, valueDeserializer: S })
    .addProcessor(
      'count',
      () => {
        let ctx!: ProcessorContext<string, number>;
        let store!: KeyValueStore<string, number>;
        return {
          init: (c: ProcessorContext<string, number>) => {
            ctx = c;
            store = c.getStateStore('counts');
          },
          process: (r: Record<string, string>) => {
            const n = (store.get(r.key) ?? 0) + 1;
            store.put(r.key, n);
            ctx.forward(r.withValue(n));
          },
        };
      },
      'src',
    )
    .addStateStore(Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore('counts'), S, Serdes.Long()), 'count')
    .addSink('out', 'out', { keySerializer: S, valueSerializer: Serdes.Long() }, 'count');
}

function viaDriver(topology: Topology): number {
  const driver = new TopologyTestDriver(topology, { 'application.id': 'bench', 'statestore.cache.max.bytes': 0 }, { initialWallClockTime: 0 });
  const bytes = Serdes.Buffer();
  const input = driver.createInputTopic('in', bytes, bytes);
  const output = driver.createOutputTopic('out', bytes, bytes);
  const start = process.hrtime.bigint();
  for (let i = 0; i < N; i++) {
    input.pipeInput(keyBytes[i % KEYS]!, valueBytes, i);
    if ((i & 1023) === 1023) output.readRecordsToList();
  }
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  driver.close();
  return ms;
}

function viaTask(topology: Topology): number {
  let sent = 0;
  const collector: RecordCollector = { send: () => void sent++ };
  const b = topology.internalTopologyBuilder.rewriteTopology({ 'application.id': 'bench', 'statestore.cache.max.bytes': 0 });
  const task = new StreamTask({
    id: new TaskId(0, 0),
    topology: b.buildSubtopology(0),
    partitions: [{ topic: 'in', partition: 0 }],
    applicationId: 'bench',
    appConfigs: {},
    collector,
    clock: () => 0,
  });
  task.initialize();
  const tp = { topic: 'in', partition: 0 };
  const headers = new Headers();
  const start = process.hrtime.bigint();
  const batch: RawRecord[] = [];
  for (let i = 0; i < N; i++) {
    batch.push({ topic: 'in', partition: 0, offset: i, timestamp: i, key: keyBytes[i % KEYS]!, value: valueBytes, headers });
    if (batch.length === 1000 || i === N - 1) {
      task.addRecords(tp, batch);
      batch.length = 0;
      while (task.process()) task.maybePunctuateStreamTime();
      task.commit();
    }
  }
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  task.close();
  if (sent < N) throw new Error(`expected at least ${N} records sent, got ${sent}`);
  return ms;
}

const rows: [string, number][] = [
  ['stateless (filter -> map -> sink), test driver', viaDriver(statelessTopology())],
  ['stateless (filter -> map -> sink), bare task', viaTask(statelessTopology())],
  ['count, in-memory store (logged), test driver', viaDriver(countTopology())],
  ['count, in-memory store (logged), bare task', viaTask(countTopology())],
];
console.log(`streams engine, Processor API, ${N} records, ${KEYS} keys, node ${process.version}`);
console.log('| workload | ms | records/s |');
console.log('|---|---:|---:|');
for (const [name, ms] of rows) console.log(`| ${name} | ${ms.toFixed(0)} | ${Math.round((N / ms) * 1000).toLocaleString('en-US')} |`);
