import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Topology, Serdes, Headers, TaskId, PunctuationType, type RecordCollector } from '../../../src/index.js';
import { LogAndSkipOnInvalidTimestamp } from '../../../src/streams/processor/timestamp-extractor.js';
import { StreamTask } from '../../../src/streams/runtime/stream-task.js';
import { StreamsMetricsRegistry, ThreadMetrics, TaskMetrics } from '../../../src/streams/metrics/index.js';

const S = Serdes.String();

function setup(level: 'INFO' | 'DEBUG') {
  const topology = new Topology()
    .addSource('a', 'topic-a', { keyDeserializer: S, valueDeserializer: S })
    .addSource('b', 'topic-b', { keyDeserializer: S, valueDeserializer: S })
    .addProcessor(
      'p',
      () => ({
        init(ctx: { schedule: (ms: number, t: PunctuationType, f: () => void) => unknown }) {
          ctx.schedule(10, PunctuationType.STREAM_TIME, () => {});
        },
        process() {},
      }),
      'a',
      'b',
    );
  const b = topology.internalTopologyBuilder.rewriteTopology({ 'application.id': 'app' });
  const collector: RecordCollector = { send: () => {} };
  const now = { t: 0 };
  const registry = new StreamsMetricsRegistry({ recordingLevel: level, clock: () => now.t });
  const thread = new ThreadMetrics(registry, 'app-StreamThread-1');
  const metrics = new TaskMetrics(registry, thread, '0_3');
  const task = new StreamTask({
    id: new TaskId(0, 3),
    topology: b.buildSubtopology(0),
    partitions: [
      { topic: 'topic-a', partition: 3 },
      { topic: 'topic-b', partition: 3 },
    ],
    applicationId: 'app',
    appConfigs: {},
    collector,
    clock: () => now.t,
    maxTaskIdleMs: 50,
    defaultTimestampExtractor: LogAndSkipOnInvalidTimestamp,
    metrics,
  });
  task.initialize();
  const read = (group: string, name: string): number | undefined => registry.metrics().find((m) => m.group === group && m.name === name)?.value;
  return { task, now, read, registry };
}

const raw = (topic: string, offset: number, timestamp: number) => ({ topic, partition: 3, offset, timestamp, key: Buffer.from('k'), value: Buffer.from('v'), headers: new Headers() });

test('enforced processing, punctuations and dropped negative timestamps are recorded at DEBUG', () => {
  const { task, now, read } = setup('DEBUG');
  const warn = console.warn;
  console.warn = () => {};
  try {
    task.addRecords({ topic: 'topic-a', partition: 3 }, [raw('topic-a', 0, 5), raw('topic-a', 1, -1), raw('topic-a', 2, 30)]);
  } finally {
    console.warn = warn;
  }
  task.updateLags(() => 0);
  assert.equal(task.isProcessable(), false); // topic-b empty: idle until 50
  now.t = 60;
  assert.equal(task.isProcessable(), true);
  task.process();
  task.maybePunctuateStreamTime();
  assert.equal(task.isProcessable(), true);
  task.process();
  task.maybePunctuateStreamTime();
  task.commit();
  assert.equal(read('stream-task-metrics', 'enforced-processing-total'), 2);
  assert.equal(read('stream-task-metrics', 'dropped-records-total'), 1, 'the record with a negative timestamp');
  assert.equal(read('stream-task-metrics', 'process-total'), 2);
  assert.equal(read('stream-task-metrics', 'punctuate-total'), 2); // stream time 5 (first fire), then 30
  assert.equal(read('stream-thread-metrics', 'punctuate-total'), 2);
  assert.equal(read('stream-task-metrics', 'commit-total'), 1);
  task.close();
});

test('at INFO a task registers only dropped-records and records no DEBUG sensor', () => {
  const { task, read, registry } = setup('INFO');
  task.addRecords({ topic: 'topic-a', partition: 3 }, [raw('topic-a', 0, 5)]);
  task.addRecords({ topic: 'topic-b', partition: 3 }, [raw('topic-b', 0, 6)]);
  task.process();
  assert.equal(task.metrics?.process, null);
  assert.equal(task.metrics?.lateness, null);
  assert.deepEqual(
    registry
      .metrics()
      .filter((m) => m.group === 'stream-task-metrics')
      .map((m) => m.name)
      .sort(),
    ['dropped-records-rate', 'dropped-records-total'],
  );
  assert.equal(read('stream-thread-metrics', 'task-created-total'), 0);
  task.close();
});
