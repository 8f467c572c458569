// What a sink hands the stream thread's producer (through the thread's record collector): the
// serializers' bytes (the String serde's own is not called, its bytes are written by the producer),
// headers as they were at send time, the partitions a StreamPartitioner picks; and what goes to the
// production exception handler when a record cannot be serialized or sent.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Producer, ProducerRecord } from '../../../src/client/index.js';
import { Topology, Serdes, Headers, TaskId, type ProcessorContext, type Record } from '../../../src/index.js';
import { StringSerde } from '../../../src/streams/serdes/primitive-serdes.js';
import type { FailedProducerRecord, ProductionExceptionHandler } from '../../../src/streams/errors/index.js';
import { KafkaRecordCollector } from '../../../src/streams/runtime/kafka/kafka-record-collector.js';
import { StreamTask } from '../../../src/streams/runtime/stream-task.js';
import type { StreamPartitioner } from '../../../src/streams/processor/stream-partitioner.js';

const S = Serdes.String();
const IN = { topic: 'in', partition: 0 };

interface Sent {
  topic: string;
  partition: number | undefined;
  key: Buffer | null;
  value: Buffer | null;
  timestamp: number | undefined;
  headers: string[];
}

/** as the producer writes it: a string as its UTF-8 bytes, headers as `key=value` */
function asWritten(r: ProducerRecord): Sent {
  const bytes = (v: Buffer | string | null | undefined): Buffer | null => (v === null || v === undefined ? null : Buffer.from(v));
  const headers = Array.isArray(r.headers) ? (r.headers as Array<{ key: string; value: Buffer | null }>).map((h) => `${h.key}=${h.value?.toString()}`) : [];
  return { topic: r.topic, partition: r.partition, key: bytes(r.key), value: bytes(r.value), timestamp: r.timestamp, headers };
}

function run(options: {
  /** what the processor between source and sink forwards for an input record */
  forward: (ctx: ProcessorContext<unknown, unknown>, r: Record<string, string>) => void;
  keySerializer?: { serialize(topic: string, data: unknown): Buffer | null };
  partitioner?: StreamPartitioner<unknown, unknown>;
  productionHandler?: ProductionExceptionHandler;
  /** the producer throws at once, as no real one does (the sink's send-failure path) */
  producerThrows?: boolean;
  input: Array<[string, string]>;
}): { sent: Sent[]; failures: Array<[string, FailedProducerRecord]> } {
  const sent: Sent[] = [];
  const producer = {
    produce(record: ProducerRecord) {
      if (options.producerThrows) throw new Error('boom');
      sent.push(asWritten(record)); // the collector reuses its record object: copy now
    },
    flush: () => Promise.resolve(),
  } as unknown as Producer;
  const collector = new KafkaRecordCollector(producer, new Map([['out', 4]]));
  const failures: Array<[string, FailedProducerRecord]> = [];
  const topology = new Topology()
    .addSource('src', 'in', { keyDeserializer: S, valueDeserializer: S })
    .addProcessor('p', () => {
      let ctx: ProcessorContext<unknown, unknown>;
      return { init: (c: ProcessorContext<unknown, unknown>) => void (ctx = c), process: (r: Record<string, string>) => options.forward(ctx, r) };
    }, 'src')
    .addSink('sink', 'out', { keySerializer: options.keySerializer ?? S, valueSerializer: S, partitioner: options.partitioner }, 'p');
  const b = topology.internalTopologyBuilder.rewriteTopology({ 'application.id': 'app' });
  const task = new StreamTask({
    id: new TaskId(0, 0),
    topology: b.buildSubtopology(0),
    partitions: [IN],
    applicationId: 'app',
    appConfigs: {},
    collector: collector.forTask('0_0', () => undefined),
    clock: () => 0,
    productionHandler: (error, record, context) => {
      failures.push([`${context.kind}${context.origin === undefined ? '' : `:${context.origin}`}: ${error instanceof Error ? error.message : String(error)}`, record]);
      return options.productionHandler?.(error, record, context) ?? 'continue';
    },
  });
  task.initialize();
  task.addRecords(
    IN,
    options.input.map(([k, v], i) => ({ ...IN, offset: i, timestamp: 100 + i, key: Buffer.from(k), value: Buffer.from(v), headers: new Headers([{ key: 'h', value: Buffer.from(String(i)) }]) })),
  );
  while (task.process()) {
    // all of them
  }
  task.close();
  return { sent, failures };
}

test('the String serde\'s keys reach the producer as their UTF-8 bytes, with value, timestamp and headers', () => {
  const { sent } = run({ forward: (ctx, r) => ctx.forward(r), input: [['kä', 'v0'], ['', 'v1'], ['😀', 'v2']] });
  assert.deepEqual(sent, [
    { topic: 'out', partition: undefined, key: Buffer.from('kä'), value: Buffer.from('v0'), timestamp: 100, headers: ['h=0'] },
    { topic: 'out', partition: undefined, key: Buffer.alloc(0), value: Buffer.from('v1'), timestamp: 101, headers: ['h=1'] },
    { topic: 'out', partition: undefined, key: Buffer.from('😀'), value: Buffer.from('v2'), timestamp: 102, headers: ['h=2'] },
  ]);
});

test('a null key stays null; a key the String serde cannot take goes to the production handler as a key serialization error', () => {
  const { sent, failures } = run({
    forward: (ctx, r) => ctx.forward(r.value === 'null' ? r.withKey<unknown>(null) : r.value === 'number' ? r.withKey<unknown>(42) : r),
    input: [['a', 'null'], ['b', 'number'], ['c', 'ok']],
  });
  assert.deepEqual(sent.map((s) => [s.key?.toString() ?? null, s.value?.toString()]), [[null, 'null'], ['c', 'ok']]);
  assert.equal(failures.length, 1);
  assert.match(failures[0]![0], /^serialization:key: /);
  assert.equal(failures[0]![1].key, 42);
});

test('a serializer that is not the String serde\'s own (even a subclass) is called for every key', () => {
  const calls: string[] = [];
  class Upper extends StringSerde {
    override serialize(topic: string, data: string | null): Buffer | null {
      calls.push(`${topic}:${data}`);
      return data === null ? null : Buffer.from(data.toUpperCase());
    }
  }
  const { sent } = run({ forward: (ctx, r) => ctx.forward(r), keySerializer: new Upper() as { serialize(topic: string, data: unknown): Buffer | null }, input: [['a', '1'], ['b', '2']] });
  assert.deepEqual(calls, ['out:a', 'out:b']);
  assert.deepEqual(sent.map((s) => s.key?.toString()), ['A', 'B']);
});

test('headers are taken as they are at send time: a later change is not sent', () => {
  const { sent } = run({
    forward: (ctx, r) => {
      ctx.forward(r);
      r.headers.add('late', 'x');
      ctx.forward(r.withValue('again'));
    },
    input: [['k', 'v']],
  });
  assert.deepEqual(sent.map((s) => s.headers), [['h=0'], ['h=0', 'late=x']]);
});

test('a StreamPartitioner picks the partition, or several (each once), or none (the default partitioner)', () => {
  const partitioner: StreamPartitioner<unknown, unknown> = (_topic, key) => (key === 'one' ? 2 : key === 'many' ? [3, 0, 3] : key === 'bad' ? -1 : undefined);
  const { sent } = run({ forward: (ctx, r) => ctx.forward(r), partitioner, input: [['one', '1'], ['many', '2'], ['none', '3'], ['bad', '4']] });
  // -1 is no "none": the producer gets it as it is (and fails the record)
  assert.deepEqual(sent.map((s) => [s.key?.toString(), s.partition]), [['one', 2], ['many', 3], ['many', 0], ['none', undefined], ['bad', -1]]);
});

test('a send that fails at once goes to the production handler with the key as bytes', () => {
  const { sent, failures } = run({ forward: (ctx, r) => ctx.forward(r), producerThrows: true, input: [['kä', 'v']] });
  assert.equal(sent.length, 0);
  assert.equal(failures.length, 1);
  assert.equal(failures[0]![0], 'send: boom');
  const record = failures[0]![1];
  assert.deepEqual([record.topic, record.key, record.value, record.timestamp, record.partition], ['out', Buffer.from('kä'), Buffer.from('v'), 100, undefined]);
});
