import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Topology } from '../../src/index.js';
import type { StateStore } from '../../src/index.js';
import type { StoreBuilder } from '../../src/state/store-builder.js';

// Expected strings: Kafka Streams' `Topology.describe().toString()` for the same graphs, taken from
// the conformance vectors (produced by the Java reference) and from Kafka's TopologyTest.

function builder(name: string, logging = true): StoreBuilder<StateStore> {
  const b: StoreBuilder<StateStore> & { loggingEnabled: boolean } = {
    name,
    loggingEnabled: logging,
    cachingEnabled: false,
    logConfig: {},
    withCachingEnabled: () => b,
    withCachingDisabled: () => b,
    withLoggingEnabled: () => ((b.loggingEnabled = true), b),
    withLoggingDisabled: () => ((b.loggingEnabled = false), b),
    build: () => {
      throw new Error('not built in describe tests');
    },
  };
  return b;
}

const noop = () => ({ process() {} });

test('empty topology', () => {
  assert.equal(new Topology().describe().toString(), 'Topologies:\n ');
});

test('merge of two branches: arrows keep the order Java gives equal-size nodes (merge vector)', () => {
  const t = new Topology()
    .addSource('KSTREAM-SOURCE-0000000000', 'in')
    .addProcessor('KSTREAM-FILTER-0000000001', noop, 'KSTREAM-SOURCE-0000000000')
    .addProcessor('KSTREAM-MAPVALUES-0000000002', noop, 'KSTREAM-FILTER-0000000001')
    .addProcessor('KSTREAM-FILTER-0000000003', noop, 'KSTREAM-SOURCE-0000000000')
    .addProcessor('merge-back', noop, 'KSTREAM-MAPVALUES-0000000002', 'KSTREAM-FILTER-0000000003')
    .addSink('KSTREAM-SINK-0000000005', 'out', 'merge-back');
  assert.equal(t.describe().toString(), MERGE);
});

test('global store sub-topology after the stream sub-topology (global-table vector)', () => {
  const t = new Topology()
    .addSource('KSTREAM-SOURCE-0000000000', 'orders')
    .addGlobalStore(builder('ref-store', false), {
      sourceName: 'KSTREAM-SOURCE-0000000001',
      topic: 'ref',
      processorName: 'KTABLE-SOURCE-0000000002',
      stateUpdateSupplier: noop,
    })
    .addProcessor('KSTREAM-LEFTJOIN-0000000003', noop, 'KSTREAM-SOURCE-0000000000')
    .addSink('KSTREAM-SINK-0000000004', 'out', 'KSTREAM-LEFTJOIN-0000000003');
  assert.equal(t.describe().toString(), GLOBAL);
  const d = t.describe();
  assert.equal(d.globalStores.length, 1);
  assert.deepEqual(d.globalStores[0]!.processor.stores, ['ref-store']);
  assert.equal(d.subtopologies[0]!.nodes.length, 3);
});

test('stream-stream join: stores shared across processors (stream-stream-join vector)', () => {
  const t = new Topology()
    .addSource('KSTREAM-SOURCE-0000000000', 'left')
    .addSource('KSTREAM-SOURCE-0000000001', 'right')
    .addProcessor('KSTREAM-WINDOWED-0000000002', noop, 'KSTREAM-SOURCE-0000000000')
    .addProcessor('KSTREAM-WINDOWED-0000000003', noop, 'KSTREAM-SOURCE-0000000001')
    .addProcessor('KSTREAM-JOINTHIS-0000000004', noop, 'KSTREAM-WINDOWED-0000000002')
    .addProcessor('KSTREAM-JOINOTHER-0000000005', noop, 'KSTREAM-WINDOWED-0000000003')
    .addProcessor('KSTREAM-MERGE-0000000006', noop, 'KSTREAM-JOINTHIS-0000000004', 'KSTREAM-JOINOTHER-0000000005')
    .addStateStore(builder('KSTREAM-JOINTHIS-0000000004-store'), 'KSTREAM-WINDOWED-0000000002', 'KSTREAM-JOINOTHER-0000000005')
    .addStateStore(builder('KSTREAM-JOINOTHER-0000000005-store'), 'KSTREAM-WINDOWED-0000000003', 'KSTREAM-JOINTHIS-0000000004')
    .addSink('KSTREAM-SINK-0000000007', 'out', 'KSTREAM-MERGE-0000000006');
  assert.equal(t.describe().toString(), STREAM_JOIN);
});

test('table-table join with named processors (table-table-join vector)', () => {
  const t = new Topology()
    .addSource('KSTREAM-SOURCE-0000000001', 'left')
    .addProcessor('KTABLE-SOURCE-0000000002', noop, 'KSTREAM-SOURCE-0000000001')
    .addStateStore(builder('left-STATE-STORE-0000000000'), 'KTABLE-SOURCE-0000000002')
    .addSource('KSTREAM-SOURCE-0000000004', 'right')
    .addProcessor('KTABLE-SOURCE-0000000005', noop, 'KSTREAM-SOURCE-0000000004')
    .addStateStore(builder('right-STATE-STORE-0000000003'), 'KTABLE-SOURCE-0000000005')
    .addProcessor('tt-join-join-this', noop, 'KTABLE-SOURCE-0000000002')
    .addProcessor('tt-join-join-other', noop, 'KTABLE-SOURCE-0000000005')
    .addProcessor('tt-join', noop, 'tt-join-join-this', 'tt-join-join-other')
    .connectProcessorAndStateStores('tt-join-join-this', 'right-STATE-STORE-0000000003')
    .connectProcessorAndStateStores('tt-join-join-other', 'left-STATE-STORE-0000000000')
    .addProcessor('KTABLE-TOSTREAM-0000000009', noop, 'tt-join')
    .addSink('KSTREAM-SINK-0000000010', 'out', 'KTABLE-TOSTREAM-0000000009');
  assert.equal(t.describe().toString(), TABLE_JOIN);
});

test('foreign-key join: two sub-topologies joined by internal topics (fk-join vector)', () => {
  const t = new Topology();
  const b = t.internalTopologyBuilder;
  t.addSource('KSTREAM-SOURCE-0000000001', 'orders')
    .addProcessor('KTABLE-SOURCE-0000000002', noop, 'KSTREAM-SOURCE-0000000001')
    .addStateStore(builder('orders-STATE-STORE-0000000000'), 'KTABLE-SOURCE-0000000002')
    .addSource('KSTREAM-SOURCE-0000000004', 'products')
    .addProcessor('KTABLE-SOURCE-0000000005', noop, 'KSTREAM-SOURCE-0000000004')
    .addStateStore(builder('products-STATE-STORE-0000000003'), 'KTABLE-SOURCE-0000000005');
  b.addInternalTopic('KTABLE-FK-JOIN-SUBSCRIPTION-REGISTRATION-0000000006-topic');
  b.addInternalTopic('KTABLE-FK-JOIN-SUBSCRIPTION-RESPONSE-0000000014-topic');
  t.addProcessor('KTABLE-FK-JOIN-SUBSCRIPTION-REGISTRATION-0000000007', noop, 'KTABLE-SOURCE-0000000002')
    .addSink('KTABLE-SINK-0000000008', 'KTABLE-FK-JOIN-SUBSCRIPTION-REGISTRATION-0000000006-topic', 'KTABLE-FK-JOIN-SUBSCRIPTION-REGISTRATION-0000000007')
    .addSource('KTABLE-SOURCE-0000000009', 'KTABLE-FK-JOIN-SUBSCRIPTION-REGISTRATION-0000000006-topic')
    .addProcessor('KTABLE-FK-JOIN-SUBSCRIPTION-PROCESSOR-0000000011', noop, 'KTABLE-SOURCE-0000000009')
    .addStateStore(builder('KTABLE-FK-JOIN-SUBSCRIPTION-STATE-STORE-0000000010'), 'KTABLE-FK-JOIN-SUBSCRIPTION-PROCESSOR-0000000011')
    .addProcessor('KTABLE-FK-JOIN-SUBSCRIPTION-PROCESSOR-0000000012', noop, 'KTABLE-FK-JOIN-SUBSCRIPTION-PROCESSOR-0000000011')
    .connectProcessorAndStateStores('KTABLE-FK-JOIN-SUBSCRIPTION-PROCESSOR-0000000012', 'products-STATE-STORE-0000000003')
    .addProcessor('KTABLE-FK-JOIN-SUBSCRIPTION-PROCESSOR-0000000013', noop, 'KTABLE-SOURCE-0000000005')
    .connectProcessorAndStateStores('KTABLE-FK-JOIN-SUBSCRIPTION-PROCESSOR-0000000013', 'KTABLE-FK-JOIN-SUBSCRIPTION-STATE-STORE-0000000010')
    .addSink(
      'KTABLE-SINK-0000000015',
      'KTABLE-FK-JOIN-SUBSCRIPTION-RESPONSE-0000000014-topic',
      'KTABLE-FK-JOIN-SUBSCRIPTION-PROCESSOR-0000000012',
      'KTABLE-FK-JOIN-SUBSCRIPTION-PROCESSOR-0000000013',
    )
    .addSource('KTABLE-SOURCE-0000000016', 'KTABLE-FK-JOIN-SUBSCRIPTION-RESPONSE-0000000014-topic')
    .addProcessor('KTABLE-FK-JOIN-SUBSCRIPTION-RESPONSE-RESOLVER-PROCESSOR-0000000017', noop, 'KTABLE-SOURCE-0000000016')
    .connectProcessorAndStateStores('KTABLE-FK-JOIN-SUBSCRIPTION-RESPONSE-RESOLVER-PROCESSOR-0000000017', 'orders-STATE-STORE-0000000000')
    .addProcessor('KTABLE-FK-JOIN-OUTPUT-0000000018', noop, 'KTABLE-FK-JOIN-SUBSCRIPTION-RESPONSE-RESOLVER-PROCESSOR-0000000017')
    .addStateStore(builder('enriched'), 'KTABLE-FK-JOIN-OUTPUT-0000000018')
    .addProcessor('KTABLE-TOSTREAM-0000000019', noop, 'KTABLE-FK-JOIN-OUTPUT-0000000018')
    .addSink('KSTREAM-SINK-0000000020', 'out', 'KTABLE-TOSTREAM-0000000019');
  assert.equal(t.describe().toString(), FK_JOIN);
  const ids = t.describe().subtopologies.map((s) => s.id);
  assert.deepEqual(ids, [0, 1]);
});

test('dynamic routing prints the extractor (TopologyTest.topologyWithDynamicRoutingShouldDescribeExtractorClass)', () => {
  const extractor = Object.assign((key: unknown, _v: unknown, ctx: { topic: string | null }) => `${ctx.topic}-${String(key)}`, {
    toString: () => 'anonymous topic name extractor. topic is [recordContext.topic()]-[key]',
  });
  const t = new Topology()
    .addSource('KSTREAM-SOURCE-0000000000', 'input-topic')
    .addSink('KSTREAM-SINK-0000000001', extractor, 'KSTREAM-SOURCE-0000000000');
  assert.equal(
    t.describe().toString(),
    'Topologies:\n' +
      '   Sub-topology: 0\n' +
      '    Source: KSTREAM-SOURCE-0000000000 (topics: [input-topic])\n' +
      '      --> KSTREAM-SINK-0000000001\n' +
      '    Sink: KSTREAM-SINK-0000000001 (extractor class: anonymous topic name extractor. topic is [recordContext.topic()]-[key])\n' +
      '      <-- KSTREAM-SOURCE-0000000000\n\n',
  );
  const sink = t.describe().subtopologies[0]!.nodes[1]!;
  assert.equal(sink.kind, 'sink');
  assert.equal(sink.kind === 'sink' ? sink.topic : 'x', null);
});

test('two global stores (TopologyTest.shouldDescribeMultipleGlobalStoreTopology)', () => {
  const t = new Topology()
    .addGlobalStore(builder('globalStore1', false), { sourceName: 'source1', topic: 'globalTopic1', processorName: 'processor1', stateUpdateSupplier: noop })
    .addGlobalStore(builder('globalStore2', false), { sourceName: 'source2', topic: 'globalTopic2', processorName: 'processor2', stateUpdateSupplier: noop });
  assert.equal(
    t.describe().toString(),
    'Topologies:\n' +
      '   Sub-topology: 0 for global store (will not generate tasks)\n' +
      '    Source: source1 (topics: [globalTopic1])\n' +
      '      --> processor1\n' +
      '    Processor: processor1 (stores: [globalStore1])\n' +
      '      --> none\n' +
      '      <-- source1\n' +
      '  Sub-topology: 1 for global store (will not generate tasks)\n' +
      '    Source: source2 (topics: [globalTopic2])\n' +
      '      --> processor2\n' +
      '    Processor: processor2 (stores: [globalStore2])\n' +
      '      --> none\n' +
      '      <-- source2\n',
  );
});

test('sources: topic lists, patterns; separate sources give separate sub-topologies', () => {
  const t = new Topology()
    .addSource('source1', ['topic1', 'topic2', 'topic3'])
    .addSource('source2', /topic[4-9]/)
    .addProcessor('processor', noop, 'source2')
    .addStateStore(builder('store2'), 'processor')
    .addStateStore(builder('store1'), 'processor');
  assert.equal(
    t.describe().toString(),
    'Topologies:\n' +
      '   Sub-topology: 0\n' +
      '    Source: source1 (topics: [topic1, topic2, topic3])\n' +
      '      --> none\n\n' +
      '  Sub-topology: 1\n' +
      '    Source: source2 (topics: topic[4-9])\n' +
      '      --> processor\n' +
      '    Processor: processor (stores: [store1, store2])\n' +
      '      --> none\n' +
      '      <-- source2\n\n',
  );
});

test('a read-only state store is its own sub-topology whose source topic is its changelog', () => {
  const store = builder('store');
  const t = new Topology().addReadOnlyStateStore(store, { sourceName: 'source', topic: 'topic', processorName: 'processor', stateUpdateSupplier: noop });
  assert.equal(store.loggingEnabled, false);
  assert.equal(
    t.describe().toString(),
    'Topologies:\n   Sub-topology: 0\n    Source: source (topics: [topic])\n      --> processor\n' +
      '    Processor: processor (stores: [store])\n      --> none\n      <-- source\n\n',
  );
  t.internalTopologyBuilder.setApplicationId('app');
  assert.equal(t.internalTopologyBuilder.changelogTopicFor('store'), 'topic');
});

test('builder errors name the problem', () => {
  const t = new Topology().addSource('s', 'a');
  assert.throws(() => t.addSource('s', 'b'), /Processor s is already added/);
  assert.throws(() => t.addSource('s2', 'a'), /Topic a has already been registered/);
  assert.throws(() => t.addProcessor('p', noop), /must have at least one parent/);
  assert.throws(() => t.addProcessor('p', noop, 'nope'), /Predecessor processor nope is not added yet/);
  t.addSink('k', 'out', 's');
  assert.throws(() => t.addProcessor('p2', noop, 'k'), /Sink k cannot be used a parent/);
  assert.throws(() => t.connectProcessorAndStateStores('p', 'none'), /StateStore none is not added yet/);
  assert.throws(() => t.addSource('pat', /a|b/), /will match a topic that has already been registered/);
  assert.throws(
    () => t.addGlobalStore(builder('g', true), { sourceName: 'gs', topic: 'g', processorName: 'gp', stateUpdateSupplier: noop }),
    /must not have logging enabled/,
  );
});

test('sub-topology topics: internal topics decorated with the application id, changelogs named after stores', () => {
  const t = new Topology();
  const b = t.internalTopologyBuilder;
  b.addInternalTopic('rekeyed-repartition', { numberOfPartitions: 4 });
  t.addSource('src', 'in')
    .addSink('to-repartition', 'rekeyed-repartition', 'src')
    .addSource('from-repartition', 'rekeyed-repartition')
    .addProcessor('count', noop, 'from-repartition')
    .addStateStore(builder('counts'), 'count')
    .addSink('out', 'out', 'count');
  b.setApplicationId('app');
  const info = b.subtopologyToTopicsInfo();
  assert.deepEqual([...info.keys()], [0, 1]);
  assert.deepEqual([...info.get(0)!.sinkTopics], ['app-rekeyed-repartition']);
  assert.deepEqual([...info.get(1)!.sourceTopics], ['app-rekeyed-repartition']);
  assert.deepEqual(info.get(1)!.repartitionSourceTopics.get('app-rekeyed-repartition'), { numberOfPartitions: 4 });
  assert.deepEqual([...info.get(1)!.stateChangelogTopics.keys()], ['app-counts-changelog']);
});

const MERGE = "Topologies:\n   Sub-topology: 0\n    Source: KSTREAM-SOURCE-0000000000 (topics: [in])\n      --> KSTREAM-FILTER-0000000001, KSTREAM-FILTER-0000000003\n    Processor: KSTREAM-FILTER-0000000001 (stores: [])\n      --> KSTREAM-MAPVALUES-0000000002\n      <-- KSTREAM-SOURCE-0000000000\n    Processor: KSTREAM-FILTER-0000000003 (stores: [])\n      --> merge-back\n      <-- KSTREAM-SOURCE-0000000000\n    Processor: KSTREAM-MAPVALUES-0000000002 (stores: [])\n      --> merge-back\n      <-- KSTREAM-FILTER-0000000001\n    Processor: merge-back (stores: [])\n      --> KSTREAM-SINK-0000000005\n      <-- KSTREAM-MAPVALUES-0000000002, KSTREAM-FILTER-0000000003\n    Sink: KSTREAM-SINK-0000000005 (topic: out)\n      <-- merge-back\n\n";
const GLOBAL = "Topologies:\n   Sub-topology: 0\n    Source: KSTREAM-SOURCE-0000000000 (topics: [orders])\n      --> KSTREAM-LEFTJOIN-0000000003\n    Processor: KSTREAM-LEFTJOIN-0000000003 (stores: [])\n      --> KSTREAM-SINK-0000000004\n      <-- KSTREAM-SOURCE-0000000000\n    Sink: KSTREAM-SINK-0000000004 (topic: out)\n      <-- KSTREAM-LEFTJOIN-0000000003\n\n  Sub-topology: 1 for global store (will not generate tasks)\n    Source: KSTREAM-SOURCE-0000000001 (topics: [ref])\n      --> KTABLE-SOURCE-0000000002\n    Processor: KTABLE-SOURCE-0000000002 (stores: [ref-store])\n      --> none\n      <-- KSTREAM-SOURCE-0000000001\n";
const STREAM_JOIN = "Topologies:\n   Sub-topology: 0\n    Source: KSTREAM-SOURCE-0000000000 (topics: [left])\n      --> KSTREAM-WINDOWED-0000000002\n    Source: KSTREAM-SOURCE-0000000001 (topics: [right])\n      --> KSTREAM-WINDOWED-0000000003\n    Processor: KSTREAM-WINDOWED-0000000002 (stores: [KSTREAM-JOINTHIS-0000000004-store])\n      --> KSTREAM-JOINTHIS-0000000004\n      <-- KSTREAM-SOURCE-0000000000\n    Processor: KSTREAM-WINDOWED-0000000003 (stores: [KSTREAM-JOINOTHER-0000000005-store])\n      --> KSTREAM-JOINOTHER-0000000005\n      <-- KSTREAM-SOURCE-0000000001\n    Processor: KSTREAM-JOINOTHER-0000000005 (stores: [KSTREAM-JOINTHIS-0000000004-store])\n      --> KSTREAM-MERGE-0000000006\n      <-- KSTREAM-WINDOWED-0000000003\n    Processor: KSTREAM-JOINTHIS-0000000004 (stores: [KSTREAM-JOINOTHER-0000000005-store])\n      --> KSTREAM-MERGE-0000000006\n      <-- KSTREAM-WINDOWED-0000000002\n    Processor: KSTREAM-MERGE-0000000006 (stores: [])\n      --> KSTREAM-SINK-0000000007\n      <-- KSTREAM-JOINTHIS-0000000004, KSTREAM-JOINOTHER-0000000005\n    Sink: KSTREAM-SINK-0000000007 (topic: out)\n      <-- KSTREAM-MERGE-0000000006\n\n";
const TABLE_JOIN = "Topologies:\n   Sub-topology: 0\n    Source: KSTREAM-SOURCE-0000000001 (topics: [left])\n      --> KTABLE-SOURCE-0000000002\n    Source: KSTREAM-SOURCE-0000000004 (topics: [right])\n      --> KTABLE-SOURCE-0000000005\n    Processor: KTABLE-SOURCE-0000000002 (stores: [left-STATE-STORE-0000000000])\n      --> tt-join-join-this\n      <-- KSTREAM-SOURCE-0000000001\n    Processor: KTABLE-SOURCE-0000000005 (stores: [right-STATE-STORE-0000000003])\n      --> tt-join-join-other\n      <-- KSTREAM-SOURCE-0000000004\n    Processor: tt-join-join-other (stores: [left-STATE-STORE-0000000000])\n      --> tt-join\n      <-- KTABLE-SOURCE-0000000005\n    Processor: tt-join-join-this (stores: [right-STATE-STORE-0000000003])\n      --> tt-join\n      <-- KTABLE-SOURCE-0000000002\n    Processor: tt-join (stores: [])\n      --> KTABLE-TOSTREAM-0000000009\n      <-- tt-join-join-this, tt-join-join-other\n    Processor: KTABLE-TOSTREAM-0000000009 (stores: [])\n      --> KSTREAM-SINK-0000000010\n      <-- tt-join\n    Sink: KSTREAM-SINK-0000000010 (topic: out)\n      <-- KTABLE-TOSTREAM-0000000009\n\n";
const FK_JOIN = "Topologies:\n   Sub-topology: 0\n    Source: KTABLE-SOURCE-0000000016 (topics: [KTABLE-FK-JOIN-SUBSCRIPTION-RESPONSE-0000000014-topic])\n      --> KTABLE-FK-JOIN-SUBSCRIPTION-RESPONSE-RESOLVER-PROCESSOR-0000000017\n    Source: KSTREAM-SOURCE-0000000001 (topics: [orders])\n      --> KTABLE-SOURCE-0000000002\n    Processor: KTABLE-FK-JOIN-SUBSCRIPTION-RESPONSE-RESOLVER-PROCESSOR-0000000017 (stores: [orders-STATE-STORE-0000000000])\n      --> KTABLE-FK-JOIN-OUTPUT-0000000018\n      <-- KTABLE-SOURCE-0000000016\n    Processor: KTABLE-FK-JOIN-OUTPUT-0000000018 (stores: [enriched])\n      --> KTABLE-TOSTREAM-0000000019\n      <-- KTABLE-FK-JOIN-SUBSCRIPTION-RESPONSE-RESOLVER-PROCESSOR-0000000017\n    Processor: KTABLE-SOURCE-0000000002 (stores: [orders-STATE-STORE-0000000000])\n      --> KTABLE-FK-JOIN-SUBSCRIPTION-REGISTRATION-0000000007\n      <-- KSTREAM-SOURCE-0000000001\n    Processor: KTABLE-FK-JOIN-SUBSCRIPTION-REGISTRATION-0000000007 (stores: [])\n      --> KTABLE-SINK-0000000008\n      <-- KTABLE-SOURCE-0000000002\n    Processor: KTABLE-TOSTREAM-0000000019 (stores: [])\n      --> KSTREAM-SINK-0000000020\n      <-- KTABLE-FK-JOIN-OUTPUT-0000000018\n    Sink: KSTREAM-SINK-0000000020 (topic: out)\n      <-- KTABLE-TOSTREAM-0000000019\n    Sink: KTABLE-SINK-0000000008 (topic: KTABLE-FK-JOIN-SUBSCRIPTION-REGISTRATION-0000000006-topic)\n      <-- KTABLE-FK-JOIN-SUBSCRIPTION-REGISTRATION-0000000007\n\n  Sub-topology: 1\n    Source: KSTREAM-SOURCE-0000000004 (topics: [products])\n      --> KTABLE-SOURCE-0000000005\n    Source: KTABLE-SOURCE-0000000009 (topics: [KTABLE-FK-JOIN-SUBSCRIPTION-REGISTRATION-0000000006-topic])\n      --> KTABLE-FK-JOIN-SUBSCRIPTION-PROCESSOR-0000000011\n    Processor: KTABLE-FK-JOIN-SUBSCRIPTION-PROCESSOR-0000000011 (stores: [KTABLE-FK-JOIN-SUBSCRIPTION-STATE-STORE-0000000010])\n      --> KTABLE-FK-JOIN-SUBSCRIPTION-PROCESSOR-0000000012\n      <-- KTABLE-SOURCE-0000000009\n    Processor: KTABLE-SOURCE-0000000005 (stores: [products-STATE-STORE-0000000003])\n      --> KTABLE-FK-JOIN-SUBSCRIPTION-PROCESSOR-0000000013\n      <-- KSTREAM-SOURCE-0000000004\n    Processor: KTABLE-FK-JOIN-SUBSCRIPTION-PROCESSOR-0000000012 (stores: [products-STATE-STORE-0000000003])\n      --> KTABLE-SINK-0000000015\n      <-- KTABLE-FK-JOIN-SUBSCRIPTION-PROCESSOR-0000000011\n    Processor: KTABLE-FK-JOIN-SUBSCRIPTION-PROCESSOR-0000000013 (stores: [KTABLE-FK-JOIN-SUBSCRIPTION-STATE-STORE-0000000010])\n      --> KTABLE-SINK-0000000015\n      <-- KTABLE-SOURCE-0000000005\n    Sink: KTABLE-SINK-0000000015 (topic: KTABLE-FK-JOIN-SUBSCRIPTION-RESPONSE-0000000014-topic)\n      <-- KTABLE-FK-JOIN-SUBSCRIPTION-PROCESSOR-0000000012, KTABLE-FK-JOIN-SUBSCRIPTION-PROCESSOR-0000000013\n\n";
