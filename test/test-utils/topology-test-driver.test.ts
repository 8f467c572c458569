import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import {
  Topology,
  Serdes,
  Record,
  Headers,
  PunctuationType,
  LogAndSkipOnInvalidTimestamp,
  logAndContinueExceptionHandler,
  sendToDeadLetterQueueHandler,
  StreamsError,
  type Processor,
  type ProcessorContext,
  type Cancellable,
  type RecordMetadata,
} from '../../src/index.js';
import { Stores, type KeyValueStore } from '../../src/state/index.js';
import { TopologyTestDriver, NoSuchElementError } from '../../src/test-utils/index.js';

const S = Serdes.String();
const str = { keyDeserializer: S, valueDeserializer: S };
const strOut = { keySerializer: S, valueSerializer: S };

/** a processor built from a process function that gets the context */
function proc<KOut = string, VOut = string>(
  process: (ctx: ProcessorContext<KOut, VOut>, r: Record<string, string>) => void,
  init?: (ctx: ProcessorContext<KOut, VOut>) => void,
): () => Processor<string, string, KOut, VOut> {
  return () => {
    let ctx!: ProcessorContext<KOut, VOut>;
    return {
      init(c) {
        ctx = c;
        init?.(c);
      },
      process: (r) => process(ctx, r),
    };
  };
}

function driverFor(t: Topology, config = {}): TopologyTestDriver {
  return new TopologyTestDriver(t, config, { initialWallClockTime: 0 });
}

test('forward to all children or to one named child', () => {
  const t = new Topology()
    .addSource('src', 'in', str)
    .addProcessor('router', proc((ctx, r) => ctx.forward(r, r.value.startsWith('a') ? 'A' : undefined)), 'src')
    .addProcessor('A', proc((ctx, r) => ctx.forward(r.withValue(`A:${r.value}`))), 'router')
    .addProcessor('B', proc((ctx, r) => ctx.forward(r.withValue(`B:${r.value}`))), 'router')
    .addSink('out', 'out', strOut, 'A', 'B');
  const d = driverFor(t);
  const input = d.createInputTopic('in', S, S);
  const out = d.createOutputTopic('out', S, S);
  input.pipeInput('k', 'apple', 1);
  input.pipeInput('k', 'berry', 2);
  assert.deepEqual(out.readValuesToList(), ['A:apple', 'A:berry', 'B:berry']);
  d.close();
});

test('forwarding to an unknown child fails the record with a StreamsError', () => {
  const t = new Topology().addSource('src', 'in', str).addProcessor('p', proc((ctx, r) => ctx.forward(r, 'nope')), 'src');
  const d = driverFor(t);
  assert.throws(
    () => d.createInputTopic('in', S, S).pipeInput('k', 'v', 1),
    (e: unknown) => e instanceof StreamsError && e.code === 'PROCESSING' && /Unknown downstream node: nope/.test(String((e.cause as Error).message)),
  );
  d.close();
});

test('record metadata, timestamps and headers reach processors and sinks', () => {
  const seen: (RecordMetadata | null)[] = [];
  const t = new Topology()
    .addSource('src', 'in', str)
    .addProcessor(
      'p',
      proc((ctx, r) => {
        seen.push(ctx.recordMetadata());
        const h = new Headers(r.headers).add('via', 'p');
        ctx.forward(r.withTimestamp(r.timestamp + 100).withHeaders(h));
      }),
      'src',
    )
    .addSink('out', 'out', strOut, 'p');
  const d = driverFor(t);
  const input = d.createInputTopic('in', S, S);
  input.pipeWithHeaders('k', 'v', [{ key: 'h', value: 'x' }], 7);
  input.pipeInput('k', 'w', 8);
  const out = d.createOutputTopic('out', S, S);
  const r = out.readRecord();
  assert.equal(r.timestamp, 107);
  assert.deepEqual(
    r.headers.toArray().map((h) => [h.key, h.value?.toString()]),
    [
      ['h', 'x'],
      ['via', 'p'],
    ],
  );
  assert.deepEqual(seen, [
    { topic: 'in', partition: 0, offset: 0 },
    { topic: 'in', partition: 0, offset: 1 },
  ]);
  assert.equal(out.readRecord().timestamp, 108);
  assert.throws(() => out.readRecord(), NoSuchElementError);
  d.close();
});

test('input topics: auto-advancing timestamps and key-value lists', () => {
  const t = new Topology().addSource('src', 'in', str).addSink('out', 'out', strOut, 'src');
  const d = driverFor(t);
  const input = d.createInputTopic('in', S, S, { startTimestamp: 1000, autoAdvanceMs: 10 });
  input.pipeInput('a', '1');
  input.pipeValue('2');
  input.pipeKeyValueList([
    { key: 'c', value: '3' },
    { key: 'd', value: null },
  ]);
  const out = d.createOutputTopic('out', S, S);
  assert.equal(out.getQueueSize(), 4);
  assert.deepEqual(
    out.readRecordsToList().map((r) => [r.key, r.value, r.timestamp]),
    [
      ['a', '1', 1000],
      [null, '2', 1010],
      ['c', '3', 1020],
      ['d', null, 1030],
    ],
  );
  assert.ok(out.isEmpty());
  assert.throws(() => d.createInputTopic('nope', S, S).pipeInput('k', 'v', 1), /Unknown topic: nope/);
  d.close();
});

test('stream-time punctuation: aligned to 0, fires on records, skips missed intervals, cancellable', () => {
  const fired: [number, RecordMetadata | null][] = [];
  let cancellable: Cancellable | undefined;
  const t = new Topology()
    .addSource('src', 'in', str)
    .addProcessor(
      'p',
      proc(
        (ctx, r) => {
          if (r.value === 'cancel') cancellable!.cancel();
        },
        (ctx) => {
          cancellable = ctx.schedule(10, PunctuationType.STREAM_TIME, (ts) => {
            fired.push([ts, ctx.recordMetadata()]);
            ctx.forward(new Record('punct', String(ts), ts));
          });
        },
      ),
      'src',
    )
    .addSink('out', 'out', strOut, 'p');
  const d = driverFor(t);
  const input = d.createInputTopic('in', S, S);
  const out = d.createOutputTopic('out', S, S);
  input.pipeInput('k', 'x', 5); // stream time 5 >= 0: fires, next at 10
  input.pipeInput('k', 'x', 3); // stream time stays 5
  input.pipeInput('k', 'x', 9);
  input.pipeInput('k', 'x', 37); // fires once at 37, next at 40
  input.pipeInput('k', 'cancel', 45); // cancelled while processing, before punctuation runs
  input.pipeInput('k', 'x', 60);
  assert.deepEqual(
    fired.map(([ts]) => ts),
    [5, 37],
  );
  assert.equal(fired[0]![1], null, 'no record metadata inside a punctuation');
  assert.deepEqual(
    out.readRecordsToList().map((r) => [r.value, r.timestamp]),
    [
      ['5', 5],
      ['37', 37],
    ],
  );
  d.close();
});

test('wall-clock punctuation fires only when the driver advances the clock', () => {
  const fired: number[] = [];
  const t = new Topology()
    .addSource('src', 'in', str)
    .addProcessor(
      'p',
      proc(
        () => {},
        (ctx) => {
          ctx.schedule(100, PunctuationType.WALL_CLOCK_TIME, (ts) => {
            fired.push(ts);
            ctx.forward(new Record('wall', String(ctx.currentSystemTimeMs()), ts));
          });
        },
      ),
      'src',
    )
    .addSink('out', 'out', strOut, 'p');
  const d = new TopologyTestDriver(t, {}, { initialWallClockTime: 1000 });
  d.createInputTopic('in', S, S).pipeInput('k', 'v', 5000);
  assert.deepEqual(fired, []);
  d.advanceWallClockTime(99);
  assert.deepEqual(fired, []);
  d.advanceWallClockTime(1);
  d.advanceWallClockTime(250); // 1350: one punctuation, the missed ones are skipped
  assert.deepEqual(fired, [1100, 1350]);
  assert.deepEqual(d.createOutputTopic('out', S, S).readValuesToList(), ['1100', '1350']);
  d.close();
});

test('stream time is the largest timestamp seen and never goes back', () => {
  const times: number[] = [];
  const t = new Topology().addSource('src', 'in', str).addProcessor('p', proc((ctx) => void times.push(ctx.currentStreamTimeMs())), 'src');
  const d = driverFor(t);
  const input = d.createInputTopic('in', S, S);
  for (const ts of [10, 4, 12, 11, 12]) input.pipeInput('k', 'v', ts);
  assert.deepEqual(times, [10, 10, 12, 12, 12]);
  d.close();
});

test('stores: connected processors use them, logged stores write their changelog', () => {
  const t = new Topology()
    .addSource('src', 'in', str)
    .addProcessor(
      'count',
      () => {
        let store!: KeyValueStore<string, number>;
        let ctx!: ProcessorContext<string, string>;
        return {
          init(c: ProcessorContext<string, string>) {
            ctx = c;
            store = c.getStateStore('counts');
          },
          process(r: Record<string, string>) {
            const n = (store.get(r.key) ?? 0) + 1;
            store.put(r.key, n);
            ctx.forward(r.withValue(String(n)));
          },
        };
      },
      'src',
    )
    .addStateStore(Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore('counts'), S, Serdes.Long()), 'count')
    .addSink('out', 'out', strOut, 'count');
  const d = driverFor(t, { 'application.id': 'app' });
  const input = d.createInputTopic('in', S, S);
  input.pipeInput('a', 'x', 1);
  input.pipeInput('b', 'x', 2);
  input.pipeInput('a', 'x', 3);
  assert.deepEqual(d.createOutputTopic('out', S, S).readValuesToList(), ['1', '1', '2']);
  const store = d.getKeyValueStore<string, number>('counts')!;
  assert.equal(store.get('a'), 2);
  assert.deepEqual([...store.all()].map((e) => [e.key, e.value]), [['a', 2], ['b', 1]]);
  assert.deepEqual([...d.getAllStateStores().keys()], ['counts']);
  assert.ok(d.producedTopicNames().has('app-counts-changelog'));
  const changelog = d.createOutputTopic('app-counts-changelog', S, Serdes.Long()).readKeyValuesToList();
  assert.deepEqual(changelog, [
    { key: 'a', value: 1 },
    { key: 'b', value: 1 },
    { key: 'a', value: 2 },
  ]);
  d.close();
});

test('a store that is not connected to a processor is not reachable from it', () => {
  const t = new Topology()
    .addSource('src', 'in', str)
    .addProcessor('owner', proc(() => {}), 'src')
    .addProcessor('other', proc((ctx) => void ctx.getStateStore('st')), 'src')
    .addStateStore(Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore('st'), S, S), 'owner');
  const d = driverFor(t);
  assert.throws(
    () => d.createInputTopic('in', S, S).pipeInput('k', 'v', 1),
    (e: unknown) => e instanceof StreamsError && /has no access to StateStore st/.test(String((e.cause as Error).message)),
  );
  d.close();
});

test('with caching, the store is flushed (commit) after every record', () => {
  const t = new Topology()
    .addSource('src', 'in', str)
    .addProcessor(
      'p',
      () => {
        let store!: KeyValueStore<string, string>;
        return {
          init(c: ProcessorContext<never, never>) {
            store = c.getStateStore('st');
          },
          process(r: Record<string, string>) {
            store.put(r.key, r.value);
            store.put(r.key, `${r.value}!`);
          },
        };
      },
      'src',
    )
    .addStateStore(Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore('st'), S, S).withCachingEnabled(), 'p');
  const d = driverFor(t, { 'application.id': 'app', 'statestore.cache.max.bytes': 1024 * 1024 });
  const changelog = d.createOutputTopic('app-st-changelog', S, S);
  d.createInputTopic('in', S, S).pipeInput('k', 'v', 1);
  // both puts hit the cache; the commit after the record writes only the latest value
  assert.deepEqual(changelog.readKeyValuesToList(), [{ key: 'k', value: 'v!' }]);
  d.close();
});

test('records written to an internal topic are read back, smallest head timestamp first', () => {
  const order: string[] = [];
  const t = new Topology();
  t.internalTopologyBuilder.addInternalTopic('a-repartition');
  t.internalTopologyBuilder.addInternalTopic('b-repartition');
  t.addSource('src', 'in', str)
    .addProcessor(
      'split',
      proc((ctx, r) => {
        const [ta, tb] = r.value.split(',').map(Number) as [number, number];
        ctx.forward(new Record(r.key, 'a', ta), 'to-a');
        ctx.forward(new Record(r.key, 'b', tb), 'to-b');
      }),
      'src',
    )
    .addSink('to-a', 'a-repartition', strOut, 'split')
    .addSink('to-b', 'b-repartition', strOut, 'split')
    .addSource('from-a', 'a-repartition', str)
    .addSource('from-b', 'b-repartition', str)
    .addProcessor('collect', proc((ctx, r) => void order.push(`${r.value}@${r.timestamp}:${ctx.recordMetadata()!.topic}`)), 'from-a', 'from-b');
  const d = driverFor(t, { 'application.id': 'app' });
  const input = d.createInputTopic('in', S, S);
  input.pipeInput('k', '5,3', 10);
  input.pipeInput('k', '7,7', 11);
  assert.deepEqual(order, ['b@3:app-b-repartition', 'a@5:app-a-repartition', 'a@7:app-a-repartition', 'b@7:app-b-repartition']);
  assert.ok(d.producedTopicNames().has('app-a-repartition'));
  d.close();
});

test('global stores are updated at once and readable from every processor', () => {
  const lookups: (string | null)[] = [];
  const t = new Topology()
    .addGlobalStore(Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore('ref'), S, S).withLoggingDisabled(), {
      sourceName: 'ref-source',
      topic: 'ref',
      keyDeserializer: S,
      valueDeserializer: S,
      processorName: 'ref-update',
      stateUpdateSupplier: () => {
        let store!: KeyValueStore<string, string>;
        return {
          init(c: ProcessorContext<never, never>) {
            store = c.getStateStore('ref');
          },
          process(r: Record<string, string>) {
            store.put(r.key, r.value);
          },
        };
      },
    })
    .addSource('src', 'in', str)
    .addProcessor('join', proc((ctx, r) => void lookups.push(ctx.getStateStore<KeyValueStore<string, string>>('ref').get(r.key))), 'src');
  const d = driverFor(t);
  const ref = d.createInputTopic('ref', S, S);
  const input = d.createInputTopic('in', S, S);
  input.pipeInput('x', 'v', 1);
  ref.pipeInput('x', 'X1', 2);
  input.pipeInput('x', 'v', 3);
  ref.pipeInput('x', 'X2', 0);
  input.pipeInput('x', 'v', 4);
  assert.deepEqual(lookups, [null, 'X1', 'X2']);
  assert.equal(d.getKeyValueStore<string, string>('ref')!.get('x'), 'X2');
  d.close();
});

test('timestamp extractors: per source; negative timestamps fail by default or are skipped', () => {
  const seen: number[] = [];
  const t = new Topology()
    .addSource('src', 'in', { ...str, timestampExtractor: (r) => Number(r.value) })
    .addSource('skip', 'skipping', { ...str, timestampExtractor: LogAndSkipOnInvalidTimestamp })
    .addProcessor('p', proc((_c, r) => void seen.push(r.timestamp)), 'src', 'skip');
  const d = driverFor(t);
  d.createInputTopic('in', S, S).pipeInput('k', '42', 1);
  const warn = console.warn;
  console.warn = () => {};
  try {
    d.createInputTopic('skipping', S, S).pipeInput('k', 'v', -5);
    d.createInputTopic('in', S, S).pipeInput('k', '-1', 1);
  } finally {
    console.warn = warn;
  }
  assert.deepEqual(seen, [42]);
  d.close();

  const strict = driverFor(new Topology().addSource('src', 'in', str).addProcessor('p', proc(() => {}), 'src'));
  assert.throws(() => strict.createInputTopic('in', S, S).pipeInput('k', 'v', -1), /invalid \(negative\) timestamp/);
  strict.close();
});

test('default serdes come from the config; a bad record can be skipped by the deserialization handler', () => {
  const values: unknown[] = [];
  const t = new Topology()
    .addSource('src', 'in', { valueDeserializer: Serdes.Long() })
    .addProcessor('p', () => ({ process: (r: Record<unknown, unknown>) => void values.push(r.value) }), 'src');
  const d = driverFor(t, {
    'default.key.serde': S as never,
    'default.value.serde': S as never,
    'deserialization.exception.handler': logAndContinueExceptionHandler,
  });
  const warn = console.warn;
  console.warn = () => {};
  try {
    d.createInputTopic('in', S, S).pipeInput('k', 'not-8-bytes', 1);
  } finally {
    console.warn = warn;
  }
  d.createInputTopic('in', S, Serdes.Long()).pipeInput('k', 9, 2);
  assert.deepEqual(values, [9]);
  d.close();
  assert.throws(() => driverFor(new Topology().addSource('src', 'in')), /no key deserializer/);
});

test('pattern sources read every matching topic', () => {
  const topics: string[] = [];
  const t = new Topology().addSource('src', /events-\d+/, str).addProcessor('p', proc((ctx) => void topics.push(ctx.recordMetadata()!.topic)), 'src');
  const d = driverFor(t);
  d.createInputTopic('events-1', S, S).pipeInput('k', 'v', 1);
  d.createInputTopic('events-22', S, S).pipeInput('k', 'v', 2);
  assert.throws(() => d.createInputTopic('events-x', S, S).pipeInput('k', 'v', 3), /Unknown topic/);
  assert.deepEqual(topics, ['events-1', 'events-22']);
  d.close();
});

test('close() closes processors and removes the temporary state directory', () => {
  let closed = 0;
  let dir = '';
  const t = new Topology().addSource('src', 'in', str).addProcessor(
    'p',
    () => ({
      init(c: ProcessorContext<never, never>) {
        dir = c.stateDir;
      },
      process() {},
      close() {
        closed++;
      },
    }),
    'src',
  );
  const d = driverFor(t);
  assert.ok(existsSync(dir));
  d.close();
  assert.equal(closed, 1);
  assert.ok(!existsSync(dir));
  assert.throws(() => d.advanceWallClockTime(1), /closed/);
});

test('timestamped stores: plain view through getKeyValueStore, timestamps through getTimestampedKeyValueStore', () => {
  const t = new Topology()
    .addSource('src', 'in', str)
    .addProcessor(
      'p',
      () => {
        let store!: KeyValueStore<string, { value: string; timestamp: number }>;
        return {
          init(c: ProcessorContext<never, never>) {
            store = c.getStateStore('latest');
          },
          process(r: Record<string, string>) {
            store.put(r.key, { value: r.value, timestamp: r.timestamp });
          },
        };
      },
      'src',
    )
    .addStateStore(Stores.timestampedKeyValueStoreBuilder(Stores.inMemoryKeyValueStore('latest'), S, S), 'p')
    .addStateStore(Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore('plain'), S, S), 'p');
  const d = driverFor(t);
  d.createInputTopic('in', S, S).pipeInput('k', 'v', 17);
  assert.deepEqual(d.getTimestampedKeyValueStore<string, string>('latest')!.get('k'), { value: 'v', timestamp: 17 });
  const plain = d.getKeyValueStore<string, string>('latest')!;
  assert.equal(plain.get('k'), 'v');
  assert.deepEqual([...plain.all()], [{ key: 'k', value: 'v' }]);
  plain.put('x', 'y');
  assert.deepEqual(d.getTimestampedKeyValueStore<string, string>('latest')!.get('x'), { value: 'y', timestamp: -1 });
  assert.equal(d.getTimestampedKeyValueStore('plain'), undefined);
  assert.ok(d.getKeyValueStore('plain'));
  assert.equal(d.getKeyValueStore('nope'), undefined);
  d.close();
});

test('a dead-letter handler writes undeserializable records to its topic with error headers', () => {
  const t = new Topology().addSource('src', 'in', { keyDeserializer: S, valueDeserializer: Serdes.Integer() }).addSink('out', 'out', { keySerializer: S, valueSerializer: Serdes.Integer() }, 'src');
  const d = driverFor(t, { 'deserialization.exception.handler': sendToDeadLetterQueueHandler('dlq') });
  d.createInputTopic('in', S, S).pipeInput('k', 'abc', 5);
  d.createInputTopic('in', S, Serdes.Integer()).pipeInput('k', 7, 6);
  const dlq = d.createOutputTopic('dlq', S, S).readRecordsToList();
  assert.equal(dlq.length, 1);
  assert.deepEqual([dlq[0]!.key, dlq[0]!.value, dlq[0]!.timestamp], ['k', 'abc', 5]);
  assert.equal(dlq[0]!.headers.lastHeader('__streams.errors.topic')!.value!.toString(), 'in');
  assert.equal(dlq[0]!.headers.lastHeader('__streams.errors.offset')!.value!.toString(), '0');
  assert.match(dlq[0]!.headers.lastHeader('__streams.errors.message')!.value!.toString(), /not 4/);
  assert.deepEqual(d.createOutputTopic('out', S, Serdes.Integer()).readValuesToList(), [7]);
  d.close();
});

test('a processing exception handler can skip records that make a processor throw', () => {
  const failures: string[] = [];
  const t = new Topology()
    .addSource('src', 'in', str)
    .addProcessor(
      'p',
      proc((ctx, r) => {
        if (r.value === 'boom') throw new Error('boom!');
        ctx.forward(r);
      }),
      'src',
    )
    .addSink('out', 'out', strOut, 'p');
  const d = driverFor(t, {
    'processing.exception.handler': (e: unknown, c: { processorNode: string; offset: number }) => {
      failures.push(`${c.processorNode}@${c.offset}: ${(e as Error).message}`);
      return 'continue' as const;
    },
  });
  const input = d.createInputTopic('in', S, S);
  input.pipeInput('k', 'ok', 1);
  input.pipeInput('k', 'boom', 2);
  input.pipeInput('k', 'fine', 3);
  assert.deepEqual(d.createOutputTopic('out', S, S).readValuesToList(), ['ok', 'fine']);
  assert.deepEqual(failures, ['p@1: boom!']);
  d.close();
});
