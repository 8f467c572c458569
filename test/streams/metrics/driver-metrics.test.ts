import { test } from 'node:test';
import assert from 'node:assert/strict';
import { StreamsBuilder } from '../../../src/streams/kstream/streams-builder.js';
import { TimeWindows } from '../../../src/streams/kstream/time-windows.js';
import { Serdes } from '../../../src/streams/serdes/index.js';
import { TopologyTestDriver } from '../../../src/test-utils/index.js';
import { recordStoreRestore, type MetricValue } from '../../../src/streams/metrics/index.js';

const str = Serdes.String();

function metric(ms: readonly MetricValue[], group: string, name: string, tags: Record<string, string> = {}): MetricValue | undefined {
  return ms.find((m) => m.group === group && m.name === name && Object.entries(tags).every(([k, v]) => m.tags[k] === v));
}

function value(ms: readonly MetricValue[], group: string, name: string, tags: Record<string, string> = {}): number {
  const m = metric(ms, group, name, tags);
  assert.ok(m, `metric ${group}/${name} ${JSON.stringify(tags)} is missing`);
  return m.value;
}

function countTopology(level: 'INFO' | 'DEBUG' | 'TRACE'): TopologyTestDriver {
  const builder = new StreamsBuilder();
  builder
    .stream<string, string>('words')
    .groupByKey()
    .count({ materialized: { storeName: 'counts' } })
    .toStream()
    .to('counts-out', { valueSerde: Serdes.Long() });
  const config = {
    'application.id': `metrics-count-${level}`,
    'default.key.serde': str,
    'default.value.serde': str,
    'default.dsl.store': 'in_memory',
    'statestore.cache.max.bytes': 0,
    'metrics.recording.level': level,
  };
  return new TopologyTestDriver(builder.build(config), config, { initialWallClockTime: 10_000 });
}

test('INFO: thread process totals and dropped records move; DEBUG-only metrics are absent', (t) => {
  const driver = countTopology('INFO');
  t.after(() => driver.close());
  const input = driver.createInputTopic('words', str, str);
  for (let i = 0; i < 5; i++) input.pipeInput(`k${i % 2}`, 'v', 1000 + i);
  input.pipeInput(null, 'no key', 2000); // dropped by the count (null key)
  const ms = driver.metrics();
  const thread = { 'thread-id': 'main' };
  assert.equal(value(ms, 'stream-thread-metrics', 'process-total', thread), 6);
  assert.ok(value(ms, 'stream-thread-metrics', 'process-latency-avg', thread) >= 0);
  assert.ok(value(ms, 'stream-thread-metrics', 'process-latency-max', thread) >= 0);
  assert.ok(value(ms, 'stream-thread-metrics', 'commit-total', thread) >= 5);
  assert.equal(value(ms, 'stream-thread-metrics', 'task-created-total', thread), 1);
  assert.ok(metric(ms, 'stream-thread-metrics', 'punctuate-latency-avg', thread));
  assert.ok(metric(ms, 'stream-thread-metrics', 'poll-rate', thread));
  const task = { 'thread-id': 'main', 'task-id': '0_0' };
  assert.equal(value(ms, 'stream-task-metrics', 'dropped-records-total', task), 1);
  assert.ok(metric(ms, 'stream-task-metrics', 'dropped-records-rate', task));
  // e2e latency of the source node, at INFO: wall clock 10000 - timestamps 1000..2000
  const source = ms.find((m) => m.group === 'stream-processor-node-metrics' && m.name === 'record-e2e-latency-max' && m.tags['processor-node-id']?.includes('SOURCE'));
  assert.ok(source, 'source node e2e latency');
  assert.equal(source.value, 10_000 - 1000);
  // DEBUG-level metrics are not registered at INFO
  assert.equal(metric(ms, 'stream-task-metrics', 'process-total'), undefined);
  assert.equal(metric(ms, 'stream-state-metrics', 'put-latency-avg'), undefined);
  assert.equal(ms.filter((m) => m.group === 'stream-processor-node-metrics' && m.name === 'process-total').length, 0);
});

test('DEBUG: task, processor-node and store metrics with their tags', (t) => {
  const driver = countTopology('DEBUG');
  t.after(() => driver.close());
  const input = driver.createInputTopic('words', str, str);
  for (let i = 0; i < 4; i++) input.pipeInput('a', 'v', 1000 + i * 10);
  input.pipeInput('b', 'v', 500); // late by 530 ms
  const ms = driver.metrics();
  const task = { 'thread-id': 'main', 'task-id': '0_0' };
  assert.equal(value(ms, 'stream-task-metrics', 'process-total', task), 5);
  assert.ok(value(ms, 'stream-task-metrics', 'process-rate', task) >= 0);
  assert.ok(value(ms, 'stream-task-metrics', 'process-latency-max', task) >= 0);
  assert.equal(value(ms, 'stream-task-metrics', 'record-lateness-max', task), 1030 - 500);
  assert.ok(metric(ms, 'stream-task-metrics', 'enforced-processing-total', task));
  assert.ok(value(ms, 'stream-task-metrics', 'commit-total', task) >= 5);
  const nodes = ms.filter((m) => m.group === 'stream-processor-node-metrics' && m.name === 'process-total');
  assert.ok(nodes.length >= 3, 'one process-total per processor node');
  for (const n of nodes) assert.equal(n.value, 5, `node ${n.tags['processor-node-id']}`);
  const store = { ...task, 'in-memory-state-id': 'counts' };
  assert.ok(value(ms, 'stream-state-metrics', 'put-rate', store) > 0);
  const putAvg = value(ms, 'stream-state-metrics', 'put-latency-avg', store);
  assert.ok(putAvg >= 0 && Number.isFinite(putAvg), `put-latency-avg ${putAvg}`);
  assert.ok(value(ms, 'stream-state-metrics', 'get-latency-max', store) >= 0);
  assert.ok(metric(ms, 'stream-state-metrics', 'flush-latency-avg', store));
  assert.equal(value(ms, 'stream-state-metrics', 'restore-latency-max', store), Number.NaN);
  recordStoreRestore(driver.getStateStore('counts'), 12);
  assert.equal(value(driver.metrics(), 'stream-state-metrics', 'restore-latency-max', store), 12);
  assert.ok(metric(ms, 'stream-state-metrics', 'delete-latency-max', store));
});

test('late records of a windowed count and null keys count in dropped-records', (t) => {
  const builder = new StreamsBuilder();
  builder
    .stream<string, string>('events')
    .groupByKey()
    .windowedBy(TimeWindows.ofSizeAndGrace(100, 0))
    .count()
    .toStream()
    .to('windowed-out', { keySerde: { serialize: () => Buffer.alloc(0), deserialize: () => null }, valueSerde: Serdes.Long() });
  const config = { 'application.id': 'metrics-windowed', 'default.key.serde': str, 'default.value.serde': str, 'default.dsl.store': 'in_memory' };
  const driver = new TopologyTestDriver(builder.build(config), config, { initialWallClockTime: 0 });
  t.after(() => driver.close());
  const input = driver.createInputTopic('events', str, str);
  input.pipeInput('a', 'x', 1000);
  input.pipeInput('a', 'x', 1500); // stream time 1500: window [1000,1100) closed
  input.pipeInput('a', 'late', 1001);
  input.pipeInput('a', 'late', 1050);
  input.pipeInput(null, 'no key', 1600);
  const dropped = value(driver.metrics(), 'stream-task-metrics', 'dropped-records-total', { 'task-id': '0_0' });
  assert.equal(dropped, 3);
});

test('metrics can be switched off in the driver, and task metrics go away on close', () => {
  const config = { 'application.id': 'metrics-off', 'default.key.serde': str, 'default.value.serde': str };
  const topology = () => {
    const builder = new StreamsBuilder();
    builder.stream<string, string>('in').to('out');
    return builder.build(config);
  };
  const off = new TopologyTestDriver(topology(), config, { recordMetrics: false });
  off.createInputTopic('in', str, str).pipeInput('k', 'v');
  assert.deepEqual(off.metrics(), []);
  off.close();
  const on = new TopologyTestDriver(topology(), config);
  on.createInputTopic('in', str, str).pipeInput('k', 'v');
  assert.ok(on.metrics().some((m) => m.group === 'stream-task-metrics'));
  on.close();
  assert.ok(!on.metrics().some((m) => m.group === 'stream-task-metrics'));
});

test('an unknown recording level is rejected', () => {
  const builder = new StreamsBuilder();
  builder.stream<string, string>('in').to('out');
  const config = { 'application.id': 'metrics-bad', 'default.key.serde': str, 'default.value.serde': str, 'metrics.recording.level': 'LOUD' };
  assert.throws(() => new TopologyTestDriver(builder.build(config), config), /INFO, DEBUG or TRACE/);
});

test('TRACE: store end-to-end latency of the records written', (t) => {
  const driver = countTopology('TRACE');
  t.after(() => driver.close());
  const input = driver.createInputTopic('words', str, str);
  input.pipeInput('a', 'v', 9_000);
  input.pipeInput('a', 'v', 9_500);
  const store = { 'task-id': '0_0', 'in-memory-state-id': 'counts' };
  const ms = driver.metrics();
  assert.equal(value(ms, 'stream-state-metrics', 'record-e2e-latency-max', store), 1000);
  assert.equal(value(ms, 'stream-state-metrics', 'record-e2e-latency-min', store), 500);
  assert.equal(metric(countTopologyMetrics('DEBUG'), 'stream-state-metrics', 'record-e2e-latency-max'), undefined);
});

function countTopologyMetrics(level: 'DEBUG'): MetricValue[] {
  const driver = countTopology(level);
  try {
    driver.createInputTopic('words', str, str).pipeInput('a', 'v', 1);
    return driver.metrics();
  } finally {
    driver.close();
  }
}
