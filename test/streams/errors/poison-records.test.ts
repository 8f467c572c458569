import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Topology, Serdes, Headers, TaskId, type Record, type RecordCollector, type Serde } from '../../../src/index.js';
import { TopologyTestDriver } from '../../../src/test-utils/index.js';
import { StreamTask } from '../../../src/streams/runtime/stream-task.js';
import { StreamsError } from '../../../src/streams/errors/streams-error.js';
import { ProductionError, type ProductionExceptionHandler } from '../../../src/streams/errors/production-handler.js';
import { StreamsMetricsRegistry, ThreadMetrics, TaskMetrics, type MetricValue } from '../../../src/streams/metrics/index.js';

const S = Serdes.String();
const B = Serdes.Buffer();
const L = Serdes.Long();
const I = Serdes.Integer();
interface Payload {
  n: number;
}
const J: Serde<Payload> = Serdes.Json<Payload>();

function dropped(ms: readonly MetricValue[]): number {
  return ms.find((m) => m.group === 'stream-task-metrics' && m.name === 'dropped-records-total' && m.tags['task-id'] === '0_0')!.value;
}

function header(h: Headers, key: string): string | undefined {
  return h.lastHeader(key)?.value?.toString();
}

/** source 'nums' (Long keys, Integer values) and 'json' (JSON values) → one sink each */
function poisonTopology(): Topology {
  return new Topology()
    .addSource('nums-source', 'nums', { keyDeserializer: L, valueDeserializer: I })
    .addSink('nums-sink', 'nums-out', { keySerializer: L, valueSerializer: I }, 'nums-source')
    .addSource('json-source', 'json', { keyDeserializer: S, valueDeserializer: J })
    .addSink('json-sink', 'json-out', { keySerializer: S, valueSerializer: J }, 'json-source');
}

function pipePoison(driver: TopologyTestDriver): void {
  const nums = driver.createInputTopic('nums', B, B);
  const json = driver.createInputTopic('json', S, B);
  nums.pipeInput(L.serialize('', 1)!, I.serialize('', 10)!, 1);
  nums.pipeInput(Buffer.from([1, 2, 3]), I.serialize('', 11)!, 2); // key: 3 bytes for a Long
  nums.pipeInput(L.serialize('', 3)!, Buffer.from([0, 0, 0, 0, 0, 0, 0, 12]), 3); // value: 8 bytes for an Integer
  nums.pipeInput(L.serialize('', 4)!, I.serialize('', 13)!, 4);
  json.pipeInput('a', Buffer.from('{"n":1}'), 5);
  json.pipeInput('b', Buffer.from('{"n":'), 6); // bad JSON
  json.pipeInput('c', Buffer.from('{"n":3}'), 7);
}

test('log-and-continue: poison records are skipped and counted, good ones go through', (t) => {
  const config = { 'application.id': 'poison-continue', 'deserialization.exception.handler': 'log-and-continue' };
  const driver = new TopologyTestDriver(poisonTopology(), config);
  t.after(() => driver.close());
  const warn = t.mock.method(console, 'warn', () => {});
  pipePoison(driver);
  assert.deepEqual(driver.createOutputTopic('nums-out', L, I).readKeyValuesToList().map((kv) => [kv.key, kv.value]), [
    [1, 10],
    [4, 13],
  ]);
  assert.deepEqual(driver.createOutputTopic('json-out', S, J).readValuesToList(), [{ n: 1 }, { n: 3 }]);
  assert.equal(dropped(driver.metrics()), 3);
  assert.equal(warn.mock.callCount(), 3, 'each skipped record is logged');
  assert.match(String(warn.mock.calls[0]!.arguments[0]), /nums-0@1/);
});

test('dead-letter topic: each poison record lands there with its bytes and error headers', (t) => {
  const config = {
    'application.id': 'poison-dlq',
    'deserialization.exception.handler': 'org.apache.kafka.streams.errors.LogAndContinueExceptionHandler',
    'errors.dead.letter.queue.topic.name': 'poison-dlq',
  };
  const driver = new TopologyTestDriver(poisonTopology(), config);
  t.after(() => driver.close());
  t.mock.method(console, 'warn', () => {});
  pipePoison(driver);
  const dlq = driver.createOutputTopic('poison-dlq', B, B).readRecordsToList();
  assert.equal(dlq.length, 3);
  assert.deepEqual(dlq[0]!.key, Buffer.from([1, 2, 3]));
  assert.equal(dlq[0]!.timestamp, 2);
  assert.equal(header(dlq[0]!.headers, '__streams.errors.topic'), 'nums');
  assert.equal(header(dlq[0]!.headers, '__streams.errors.partition'), '0');
  assert.equal(header(dlq[0]!.headers, '__streams.errors.offset'), '1');
  assert.equal(header(dlq[0]!.headers, '__streams.errors.exception'), 'SerializationError');
  assert.match(header(dlq[0]!.headers, '__streams.errors.message')!, /LongDeserializer is not 8/);
  assert.match(header(dlq[0]!.headers, '__streams.errors.stacktrace')!, /SerializationError/);
  assert.equal(header(dlq[1]!.headers, '__streams.errors.offset'), '2');
  assert.match(header(dlq[1]!.headers, '__streams.errors.message')!, /IntegerDeserializer is not 4/);
  assert.deepEqual(dlq[2]!.value, Buffer.from('{"n":'));
  assert.equal(header(dlq[2]!.headers, '__streams.errors.topic'), 'json');
  assert.match(header(dlq[2]!.headers, '__streams.errors.message')!, /invalid JSON/);
  assert.equal(dropped(driver.metrics()), 3);
});

test('log-and-fail (the default): the first poison record stops processing with a clear error', (t) => {
  const driver = new TopologyTestDriver(poisonTopology(), { 'application.id': 'poison-fail' });
  t.after(() => driver.close());
  const nums = driver.createInputTopic('nums', B, B);
  nums.pipeInput(L.serialize('', 1)!, I.serialize('', 10)!, 1);
  assert.throws(
    () => nums.pipeInput(L.serialize('', 2)!, Buffer.from([9]), 2),
    (e: unknown) =>
      e instanceof StreamsError && e.code === 'DESERIALIZATION' && /fail upon a deserialization error/.test(e.message) && /nums-0@1/.test(e.message) && /IntegerDeserializer/.test(e.message),
  );
});

test('processing errors: continue drops and counts, the dead-letter topic gets the input bytes', (t) => {
  const topology = new Topology()
    .addSource('src', 'in', { keyDeserializer: S, valueDeserializer: S })
    .addProcessor(
      'explode',
      () => ({
        process(this: void, r: Record<string, string>) {
          if (r.value === 'boom') throw new RangeError('cannot handle boom');
        },
      }),
      'src',
    );
  const config = { 'application.id': 'proc-dlq', 'processing.exception.handler': 'log-and-continue', 'errors.dead.letter.queue.topic.name': 'dlq' };
  const driver = new TopologyTestDriver(topology, config);
  t.after(() => driver.close());
  t.mock.method(console, 'warn', () => {});
  const input = driver.createInputTopic('in', S, S);
  input.pipeInput('k1', 'fine', 1);
  input.pipeInput('k2', 'boom', 2);
  const dlq = driver.createOutputTopic('dlq', S, S).readRecordsToList();
  assert.equal(dlq.length, 1);
  assert.equal(dlq[0]!.key, 'k2');
  assert.equal(dlq[0]!.value, 'boom');
  assert.equal(header(dlq[0]!.headers, '__streams.errors.exception'), 'RangeError');
  assert.equal(header(dlq[0]!.headers, '__streams.errors.message'), 'cannot handle boom');
  assert.equal(header(dlq[0]!.headers, '__streams.errors.offset'), '1');
  assert.equal(header(dlq[0]!.headers, '__streams.errors.processor.node.id'), 'explode');
  assert.equal(dropped(driver.metrics()), 1);
});

/** a sink whose value serializer rejects 'bad' */
function pickySinkTopology(): Topology {
  const picky: Serde<string> = {
    serialize: (_t, v) => {
      if (v === 'bad') throw new TypeError('bad is not serializable');
      return v === null || v === undefined ? null : Buffer.from(v);
    },
    deserialize: (_t, d) => (d === null ? null : d.toString()),
  };
  return new Topology().addSource('src', 'in', { keyDeserializer: S, valueDeserializer: S }).addSink('sink', 'out', { keySerializer: S, valueSerializer: picky }, 'src');
}

test('production errors at a sink: default fails (not swallowed by the processing handler)', (t) => {
  const driver = new TopologyTestDriver(pickySinkTopology(), { 'application.id': 'prod-fail', 'processing.exception.handler': 'log-and-continue' });
  t.after(() => driver.close());
  const input = driver.createInputTopic('in', S, S);
  assert.throws(() => input.pipeInput('k', 'bad'), (e: unknown) => e instanceof ProductionError && e.code === 'PRODUCTION' && /serialize/.test(e.message));
});

test('production errors at a sink: a custom handler from config decides, drops are counted and dead-lettered', (t) => {
  const seen: string[] = [];
  const handler: ProductionExceptionHandler = (error, record, context) => {
    seen.push(`${context.kind}/${context.origin}/${context.processorNode}/${context.sourceTopic}@${context.sourceOffset}:${String(record.value)}:${(error as Error).message}`);
    return 'continue';
  };
  const config = { 'application.id': 'prod-custom', 'production.exception.handler': handler, 'errors.dead.letter.queue.topic.name': 'dlq' };
  const driver = new TopologyTestDriver(pickySinkTopology(), config);
  t.after(() => driver.close());
  const input = driver.createInputTopic('in', S, S);
  input.pipeInput('k1', 'good');
  input.pipeInput('k2', 'bad');
  input.pipeInput('k3', 'good too');
  assert.deepEqual(driver.createOutputTopic('out', S, S).readValuesToList(), ['good', 'good too']);
  assert.equal(seen.length, 1);
  assert.match(seen[0]!, /^serialization\/value\/sink\/in@1:bad:.*bad is not serializable/);
  const dlq = driver.createOutputTopic('dlq', S, S).readRecordsToList();
  assert.deepEqual(dlq.map((r) => [r.key, r.value]), [['k2', 'bad']]);
  assert.equal(dropped(driver.metrics()), 1);
});

test('send failures: the runtime reports them to the task, which applies the production handler', () => {
  const sent: string[] = [];
  let failNext = false;
  const collector: RecordCollector = {
    send: (r) => {
      if (failNext) {
        failNext = false;
        throw new Error('RECORD_TOO_LARGE');
      }
      sent.push(`${r.topic}:${r.value?.toString()}`);
    },
  };
  const topology = new Topology().addSource('src', 'in', { keyDeserializer: S, valueDeserializer: S }).addSink('sink', 'out', { keySerializer: S, valueSerializer: S }, 'src');
  const b = topology.internalTopologyBuilder.rewriteTopology({ 'application.id': 'app' });
  const registry = new StreamsMetricsRegistry();
  const metrics = new TaskMetrics(registry, new ThreadMetrics(registry, 'thread-1'), '0_0');
  const decisions: string[] = [];
  const contexts: string[] = [];
  const task = new StreamTask({
    id: new TaskId(0, 0),
    topology: b.buildSubtopology(0),
    partitions: [{ topic: 'in', partition: 0 }],
    applicationId: 'app',
    appConfigs: {},
    collector,
    clock: () => 0,
    metrics,
    productionHandler: (_e, record, context) => {
      decisions.push(`${context.kind}:${record.topic}`);
      contexts.push(`${context.processorNode}@${context.sourceTopic}-${context.sourceOffset}`);
      return record.topic === 'out' ? 'continue' : 'fail';
    },
  });
  task.initialize();
  const raw = (offset: number, value: string) => ({ topic: 'in', partition: 0, offset, timestamp: offset, key: Buffer.from('k'), value: Buffer.from(value), headers: new Headers() });
  task.addRecords({ topic: 'in', partition: 0 }, [raw(0, 'a'), raw(1, 'b'), raw(2, 'c')]);
  task.process();
  failNext = true; // synchronous send failure at the sink
  task.process();
  task.process();
  assert.deepEqual(sent, ['out:a', 'out:c']);
  // an asynchronous failure, reported later by the runtime's producer callback
  task.handleProductionError(new Error('NOT_LEADER'), { topic: 'out', key: null, value: null, timestamp: 0 });
  assert.throws(() => task.handleProductionError(new Error('AUTHORIZATION'), { topic: 'other', key: null, value: null, timestamp: 0 }), ProductionError);
  assert.deepEqual(decisions, ['send:out', 'send:out', 'send:other']);
  // the synchronous failure knows its input record; the later ones do not (no stale context)
  assert.deepEqual(contexts, ['sink@in-1', 'null@null--1', 'null@null--1']);
  assert.equal(metrics.dropped.count, 2);
  task.close();
});

test('a send failure reported after processing is dead-lettered with the failed record itself', () => {
  const sent: { topic: string; key: Buffer | null; headers: Headers | undefined }[] = [];
  const topology = new Topology().addSource('src', 'in', { keyDeserializer: S, valueDeserializer: S }).addSink('sink', 'out', { keySerializer: S, valueSerializer: S }, 'src');
  const b = topology.internalTopologyBuilder.rewriteTopology({ 'application.id': 'app' });
  const task = new StreamTask({
    id: new TaskId(0, 1),
    topology: b.buildSubtopology(0),
    partitions: [{ topic: 'in', partition: 1 }],
    applicationId: 'app',
    appConfigs: {},
    collector: { send: (r) => void sent.push({ topic: r.topic, key: r.key, headers: r.headers }) },
    clock: () => 0,
    productionHandler: () => 'continue',
    deadLetterQueueTopic: 'dlq',
  });
  task.initialize();
  task.handleProductionError(new Error('MESSAGE_TOO_LARGE'), { topic: 'out', key: Buffer.from('k9'), value: Buffer.from('big'), timestamp: 5 });
  assert.equal(sent.length, 1);
  assert.equal(sent[0]!.topic, 'dlq');
  assert.deepEqual(sent[0]!.key, Buffer.from('k9'));
  assert.equal(header(sent[0]!.headers!, '__streams.errors.message'), 'MESSAGE_TOO_LARGE');
  assert.equal(header(sent[0]!.headers!, '__streams.errors.task.id'), '0_1');
  assert.equal(task.droppedRecords, 1);
  task.close();
});
