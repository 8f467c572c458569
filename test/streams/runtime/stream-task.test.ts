import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Topology, Serdes, Headers, TaskId, type Record, type RecordCollector } from '../../../src/index.js';
import { StreamTask } from '../../../src/streams/runtime/stream-task.js';
import type { RawRecord, TopicPartition } from '../../../src/streams/runtime/raw-record.js';

const S = Serdes.String();

function makeTask(maxTaskIdleMs?: number): { task: StreamTask; seen: string[]; sent: string[]; now: { t: number } } {
  const seen: string[] = [];
  const sent: string[] = [];
  const topology = new Topology()
    .addSource('a', 'topic-a', { keyDeserializer: S, valueDeserializer: S })
    .addSource('b', 'topic-b', { keyDeserializer: S, valueDeserializer: S })
    .addProcessor('p', () => ({ process: (r: Record<string, string>) => void seen.push(`${r.value}@${r.timestamp}`) }), 'a', 'b')
    .addSink('out', 'out', { keySerializer: S, valueSerializer: S }, 'a');
  const b = topology.internalTopologyBuilder.rewriteTopology({ 'application.id': 'app' });
  const collector: RecordCollector = { send: (r) => void sent.push(`${r.topic}:${r.value?.toString()}`) };
  const now = { t: 0 };
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
    ...(maxTaskIdleMs === undefined ? {} : { maxTaskIdleMs }),
  });
  task.initialize();
  return { task, seen, sent, now };
}

function raw(tp: TopicPartition, offset: number, value: string, timestamp: number): RawRecord {
  return { topic: tp.topic, partition: tp.partition, offset, timestamp, key: Buffer.from('k'), value: Buffer.from(value), headers: new Headers() };
}

const A = { topic: 'topic-a', partition: 3 };
const B = { topic: 'topic-b', partition: 3 };

test('a task picks the partition with the smallest head timestamp and commits offsets', () => {
  const { task, seen, sent } = makeTask();
  task.addRecords(A, [raw(A, 0, 'a0', 5), raw(A, 1, 'a1', 20)]);
  task.addRecords(B, [raw(B, 10, 'b0', 10), raw(B, 11, 'b1', 15)]);
  while (task.process()) task.maybePunctuateStreamTime();
  assert.deepEqual(seen, ['a0@5', 'b0@10', 'b1@15', 'a1@20']);
  assert.deepEqual(sent, ['out:a0', 'out:a1']);
  assert.equal(task.streamTime(), 20);
  assert.deepEqual([...task.commit()], [
    ['topic-a-3', 2],
    ['topic-b-3', 12],
  ]);
  assert.deepEqual([...task.partitionTimes()], [
    ['topic-a-3', 20],
    ['topic-b-3', 15],
  ]);
  task.close();
});

test('with max.task.idle.ms a task waits for empty partitions, then enforces processing', () => {
  const { task, now } = makeTask(100);
  task.addRecords(A, [raw(A, 0, 'a0', 5)]);
  assert.equal(task.isProcessable(), false, 'lag of topic-b unknown');
  task.updateLags((tp) => (tp.topic === 'topic-b' ? 3 : 0));
  assert.equal(task.isProcessable(), false, 'topic-b has data on the broker');
  task.updateLags(() => 0);
  now.t = 50;
  assert.equal(task.isProcessable(), false, 'idling until 150');
  now.t = 150;
  assert.equal(task.isProcessable(), true);
  task.close();
  const eager = makeTask();
  eager.task.addRecords(A, [raw(A, 0, 'a0', 5)]);
  assert.equal(eager.task.isProcessable(), true);
  eager.task.close();
});

test('committed partition time restores stream time', () => {
  const { task } = makeTask();
  task.initializePartitionTime(B, 42);
  assert.equal(task.streamTime(), 42);
  task.close();
});
