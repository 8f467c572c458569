import { test } from 'node:test';
import assert from 'node:assert/strict';
import { StreamsBuilder } from '../../../src/streams/kstream/streams-builder.js';
import { Materialized } from '../../../src/streams/kstream/materialized.js';
import { Named } from '../../../src/streams/kstream/named.js';
import { Grouped } from '../../../src/streams/kstream/grouped.js';
import { RecordingPort } from './recording-port.js';

function build(define: (b: StreamsBuilder) => void, optimization?: string): RecordingPort {
  const b = new StreamsBuilder();
  define(b);
  const port = new RecordingPort();
  b.writeTo(port, { 'topology.optimization': optimization });
  return port;
}

test('stateless chain takes Kafka names from one counter', () => {
  const port = build((b) => {
    b.stream<string, string>('in')
      .filter(() => true)
      .mapValues((v) => v)
      .to('out');
  });
  assert.deepEqual(port.names(), ['KSTREAM-SOURCE-0000000000', 'KSTREAM-FILTER-0000000001', 'KSTREAM-MAPVALUES-0000000002', 'KSTREAM-SINK-0000000003']);
  assert.deepEqual(port.node('KSTREAM-SINK-0000000003').parents, ['KSTREAM-MAPVALUES-0000000002']);
});

test('a user name replaces the generated one but still uses up its index', () => {
  const port = build((b) => {
    b.stream<string, string>('in').filter(() => true, Named.as('keep')).mapValues((v) => v).to('out');
  });
  assert.deepEqual(port.names(), ['KSTREAM-SOURCE-0000000000', 'keep', 'KSTREAM-MAPVALUES-0000000002', 'KSTREAM-SINK-0000000003']);
});

test('groupBy then count: key-select, repartition through <store>-repartition, aggregate with its store', () => {
  const port = build((b) => {
    b.stream<string, string>('in')
      .groupBy((_k, v) => v)
      .count()
      .toStream()
      .to('out');
  });
  assert.deepEqual(port.names(), [
    'KSTREAM-SOURCE-0000000000',
    'KSTREAM-KEY-SELECT-0000000001',
    'KSTREAM-FILTER-0000000005',
    'KSTREAM-SINK-0000000004',
    'KSTREAM-SOURCE-0000000006',
    'KSTREAM-AGGREGATE-0000000003',
    'KTABLE-TOSTREAM-0000000007',
    'KSTREAM-SINK-0000000008',
  ]);
  assert.deepEqual(port.internalTopics, ['KSTREAM-AGGREGATE-STATE-STORE-0000000002-repartition']);
  assert.deepEqual(port.node('KSTREAM-AGGREGATE-0000000003').stores, ['KSTREAM-AGGREGATE-STATE-STORE-0000000002']);
});

test('Grouped.as names the repartition topic and its processors', () => {
  const port = build((b) => {
    b.stream<string, string>('in').selectKey((_k, v) => v).groupByKey(Grouped.as('byValue')).count().toStream().to('out');
  });
  assert.deepEqual(port.internalTopics, ['byValue-repartition']);
  for (const n of ['byValue-repartition-filter', 'byValue-repartition-sink', 'byValue-repartition-source']) assert.ok(port.names().includes(n), n);
});

test('an unmaterialized table source gets a store only when a join needs it', () => {
  const plain = build((b) => {
    b.table<string, string>('t').toStream().to('out');
  });
  assert.equal(plain.stores.size, 0);
  const joined = build((b) => {
    const t = b.table<string, string>('t');
    b.stream<string, string>('s').join(t, (l, r) => `${l}${r}`).to('out');
  });
  assert.deepEqual([...joined.stores.keys()], ['t-STATE-STORE-0000000000']);
  assert.deepEqual(joined.node('KSTREAM-JOIN-0000000004').stores, ['t-STATE-STORE-0000000000']);
  assert.deepEqual(joined.copartitionGroups, [['KSTREAM-SOURCE-0000000001', 'KSTREAM-SOURCE-0000000003']]);
});

test('optimization=all reuses a source topic as the changelog of the table store', () => {
  const define = (b: StreamsBuilder) => {
    b.table<string, string>('t', { materialized: Materialized.as('tstore') }).toStream().to('out');
  };
  const plain = build(define);
  assert.deepEqual(plain.sourceTopicChangelogs, []);
  assert.equal(plain.stores.get('tstore')?.logging, true);
  const optimized = build(define, 'all');
  assert.deepEqual(optimized.sourceTopicChangelogs, [['tstore', 't']]);
  assert.equal(optimized.stores.get('tstore')?.logging, false);
});

test('optimization=all merges the repartition topics of one key change into one', () => {
  const define = (b: StreamsBuilder) => {
    const keyed = b.stream<string, string>('in').selectKey((_k, v) => v);
    keyed.groupByKey().count().toStream().to('count');
    keyed.groupByKey().reduce((a, v) => a + v).toStream().to('reduce');
  };
  assert.equal(build(define).internalTopics.length, 2);
  const optimized = build(define, 'all');
  assert.equal(optimized.internalTopics.length, 1);
  assert.match(optimized.internalTopics[0]!, /-repartition$/);
});

test('split names branches <split name><branch name or index>, default branch 0', () => {
  const port = build((b) => {
    const branches = b
      .stream<string, string>('in')
      .split(Named.as('s-'))
      .branch((k) => k === 'a', { name: 'a' })
      .branch((k) => k === 'b')
      .defaultBranch();
    assert.deepEqual([...branches.keys()], ['s-a', 's-2', 's-0']);
  });
  assert.deepEqual(port.names(), ['KSTREAM-SOURCE-0000000000', 's-', 's-a', 's-2', 's-0']);
});

test('Consumed, Produced and Repartitioned names; repartition() keeps its own topic under optimization', () => {
  const define = (b: StreamsBuilder) => {
    b.stream<string, string>('in', { name: 'reader' })
      .selectKey((_k, v) => v)
      .repartition({ name: 'shuffle' })
      .groupByKey()
      .count()
      .toStream()
      .to('out', { name: 'writer' });
  };
  for (const optimization of ['none', 'all']) {
    const port = build(define, optimization);
    assert.equal(port.names()[0], 'reader');
    assert.ok(port.names().includes('writer'));
    assert.deepEqual(port.internalTopics, ['shuffle-repartition'], optimization);
    assert.deepEqual(port.node('shuffle-repartition-source').topics, ['shuffle-repartition']);
  }
});
