import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Topology, Serdes, Headers, TaskId, PunctuationType, Record, type RecordCollector } from '../../../src/index.js';
import { StreamTask } from '../../../src/streams/runtime/stream-task.js';
import { StreamsMetricsRegistry, ThreadMetrics, TaskMetrics } from '../../../src/streams/metrics/index.js';

const S = Serdes.String();

/** source -> pass (forwards; its punctuation forwards one record too) -> sink, with a clock that counts its reads */
function setup(level: 'INFO' | 'DEBUG') {
  const topology = new Topology()
    .addSource('source', 'in', { keyDeserializer: S, valueDeserializer: S })
    .addProcessor(
      'pass',
      () => {
        let ctx: { forward(r: Record<unknown, unknown>): void; schedule(ms: number, t: PunctuationType, f: (ts: number) => void): unknown } | undefined;
        return {
          init(c: NonNullable<typeof ctx>) {
            ctx = c;
            c.schedule(10, PunctuationType.WALL_CLOCK_TIME, (ts) => ctx!.forward(new Record('p', 'p', ts - 300)));
          },
          process(r: Record<unknown, unknown>) {
            ctx!.forward(r);
          },
        };
      },
      'source',
    )
    .addSink('sink', 'out', { keySerializer: S, valueSerializer: S }, 'pass');
  const b = topology.internalTopologyBuilder.rewriteTopology({ 'application.id': 'app' });
  const collector: RecordCollector = { send: () => {} };
  const clock = { t: 1000, reads: 0 };
  const read = (): number => {
    clock.reads++;
    return clock.t;
  };
  const registry = new StreamsMetricsRegistry({ recordingLevel: level, clock: () => clock.t });
  const metrics = new TaskMetrics(registry, new ThreadMetrics(registry, 'app-StreamThread-1'), '0_0');
  const task = new StreamTask({
    id: new TaskId(0, 0),
    topology: b.buildSubtopology(0),
    partitions: [{ topic: 'in', partition: 0 }],
    applicationId: 'app',
    appConfigs: {},
    collector,
    clock: read,
    metrics,
  });
  task.initialize();
  const e2e = (node: string, stat: 'max' | 'min' | 'avg'): number | undefined =>
    registry.metrics().find((m) => m.group === 'stream-processor-node-metrics' && m.name === `record-e2e-latency-${stat}` && m.tags['processor-node-id'] === node)?.value;
  const add = (...timestamps: number[]): void => {
    task.addRecords(
      { topic: 'in', partition: 0 },
      timestamps.map((timestamp, offset) => ({ topic: 'in', partition: 0, offset, timestamp, key: Buffer.from('k'), value: Buffer.from('v'), headers: new Headers() })),
    );
  };
  return { task, clock, e2e, add, registry };
}

test('at INFO only source and terminal nodes record e2e latency, against one clock read per record', () => {
  const { task, clock, e2e, add, registry } = setup('INFO');
  add(900, 700, 400);
  clock.reads = 0;
  assert.equal(task.process(), true);
  assert.equal(clock.reads, 1, 'source and sink share the record’s clock read');
  clock.t = 1100;
  task.process();
  task.process();
  assert.equal(clock.reads, 3);
  assert.equal(e2e('source', 'min'), 100);
  assert.equal(e2e('source', 'max'), 700);
  assert.equal(e2e('sink', 'min'), 100);
  assert.equal(e2e('sink', 'max'), 700);
  assert.equal(e2e('pass', 'max'), undefined, 'an inner node records no e2e latency');
  assert.equal(registry.metrics().filter((m) => m.group === 'stream-processor-node-metrics' && m.name === 'process-total').length, 0);
  task.close();
});

test('a record processed with the caller’s wall-clock time reads no clock; a punctuation measures against the time it runs', () => {
  const { task, clock, e2e, add } = setup('INFO');
  add(500, 600);
  clock.reads = 0;
  task.process(2000);
  task.process(2000);
  assert.equal(clock.reads, 0);
  assert.equal(e2e('source', 'max'), 1500);
  assert.equal(e2e('sink', 'min'), 1400);
  clock.t = 3000;
  assert.equal(task.maybePunctuateSystemTime(), true);
  assert.equal(e2e('sink', 'min'), 300, 'the punctuation’s record (timestamp 2700) measured at 3000');
  clock.t = 5000;
  // the next punctuation reads the clock again, not the time pinned for the last one
  assert.equal(task.maybePunctuateSystemTime(), true);
  assert.equal(e2e('sink', 'min'), 300);
  assert.equal(e2e('sink', 'avg'), (1500 + 1400 + 300 + 300) / 4);
  task.close();
});
