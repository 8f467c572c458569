import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { Serdes } from '../../../src/index.js';
import {
  InteractiveQueries,
  KEY_QUERY_METADATA_NOT_AVAILABLE,
  KeyQuery,
  QueryableStoreError,
  RangeQuery,
  StateQueryRequest,
  TimestampedKeyQuery,
  WindowKeyQuery,
  WindowRangeQuery,
} from '../../../src/streams/query/index.js';
import { assignmentOf, buildCluster, TOPIC } from './harness.js';

const HOSTS = [
  { host: 'a.local:7001', active: [0, 3], standby: [1] },
  { host: 'b.local:7002', active: [1, 4], standby: [2, 5] },
  { host: 'c.local:7003', active: [2, 5], standby: [0, 3, 4] },
];

test('metadata of three instances from the assignment host info', () => {
  const c = buildCluster(6);
  after(() => c.close());
  const assignment = assignmentOf(HOSTS);
  const iq = new InteractiveQueries(c.runtime({ host: 'a.local:7001', active: [0, 3], standby: [1], assignment }));
  const all = iq.allMetadata();
  assert.deepEqual(all.map((m) => `${m.hostInfo.host}:${m.hostInfo.port}`), ['a.local:7001', 'b.local:7002', 'c.local:7003']);
  assert.deepEqual([...all[0]!.stateStoreNames].sort(), ['counts', 'scounts', 'wcounts']);
  assert.deepEqual(all[1]!.topicPartitions, [{ topic: TOPIC, partition: 1 }, { topic: TOPIC, partition: 4 }]);
  assert.deepEqual(all[2]!.standbyTopicPartitions.map((tp) => tp.partition), [0, 3, 4]);
  assert.equal(iq.streamsMetadataForStore('counts').length, 3);
  assert.deepEqual(iq.streamsMetadataForStore('nope'), []);
  assert.deepEqual(iq.metadataForLocalThreads(), [{ threadName: 't1', activeTasks: ['0_0', '0_3'], standbyTasks: ['0_1'] }]);

  for (const key of ['apple', 'banana', 'cherry', 'date', 'elder', 'fig', 'grape']) {
    const meta = iq.queryMetadataForKey('counts', key, Serdes.String());
    assert.equal(meta.partition, c.partitionOf(key));
    const owner = HOSTS.find((h) => h.active.includes(meta.partition))!;
    assert.equal(`${meta.activeHost.host}:${meta.activeHost.port}`, owner.host);
    assert.deepEqual(
      meta.standbyHosts.map((h) => `${h.host}:${h.port}`),
      HOSTS.filter((h) => h.standby.includes(meta.partition)).map((h) => h.host),
    );
  }
  // a custom partitioner decides the partition
  assert.equal(iq.queryMetadataForKey('counts', 'apple', { partitioner: () => 4 }).activeHost.host, 'b.local');
  assert.throws(() => iq.queryMetadataForKey('nope', 'k', Serdes.String()), (e: unknown) => e instanceof QueryableStoreError && e.code === 'UNKNOWN_STATE_STORE');
  // before the first assignment
  const early = new InteractiveQueries(c.runtime({ active: [] }));
  assert.deepEqual(early.queryMetadataForKey('counts', 'apple', Serdes.String()), KEY_QUERY_METADATA_NOT_AVAILABLE);
  assert.deepEqual(early.allMetadata(), []);
});

test('IQv2: per-partition results, NOT_PRESENT / NOT_ACTIVE / UNKNOWN_QUERY_TYPE / DOES_NOT_EXIST', () => {
  const c = buildCluster(6);
  after(() => c.close());
  const words = ['apple', 'banana', 'cherry', 'date', 'elder', 'fig', 'grape', 'hazel', 'iris', 'jade', 'kiwi', 'lemon'];
  words.forEach((w, i) => c.pipe(w, 'x', 100 + i));
  c.pipe('apple', 'x', 2000);
  const used = [...new Set(words.map((w) => c.partitionOf(w)))];
  assert.ok(used.length >= 4, 'words spread over at least four partitions');
  const pa = c.partitionOf('apple');
  const [act2, stb] = used.filter((p) => p !== pa);
  const local = [pa, act2!, stb!];
  const iq = new InteractiveQueries(c.runtime({ host: 'a.local:7001', active: [pa, act2!], standby: [stb!] }));

  // key query on the key's partition
  for (const w of words) {
    const p = c.partitionOf(w);
    const only = iq.query(StateQueryRequest.inStore('counts').withQuery(KeyQuery.withKey<string, number>(w)).withPartitions([p])).onlyPartition();
    if (local.includes(p)) {
      assert.ok(only.isSuccess(), w);
      assert.equal(only.getResult(), w === 'apple' ? 2 : 1);
      assert.equal(only.stale, p === stb);
    } else {
      assert.equal(only.failureReason, 'NOT_PRESENT', w);
    }
  }
  // all local partitions: active and standby
  const range = iq.query(StateQueryRequest.inStore('counts').withQuery(RangeQuery.withNoBounds<string, number>()));
  assert.deepEqual([...range.partitionResults.keys()], [...local].sort((a, b) => a - b));
  const seen = [...range.partitionResults.values()].flatMap((r) => [...r.getResult()].map((kv) => kv.key)).sort();
  assert.deepEqual(seen, words.filter((w) => local.includes(c.partitionOf(w))).sort());
  assert.throws(() => range.onlyPartition());

  const active = iq.query(StateQueryRequest.inStore('counts').withQuery(RangeQuery.withNoBounds<string, number>()).requireActive());
  assert.equal(active.partitionResults.get(stb!)!.failureReason, 'NOT_ACTIVE');
  assert.ok(active.partitionResults.get(pa)!.isSuccess());

  const ts = iq.query(StateQueryRequest.inStore('counts').withQuery(TimestampedKeyQuery.withKey<string, number>('apple')).withPartitions([pa]));
  assert.deepEqual(ts.onlyPartition().getResult(), { value: 2, timestamp: 2000 });

  const wrong = iq.query(StateQueryRequest.inStore('counts').withQuery(WindowKeyQuery.withKeyAndWindowStartRange<string, number>('apple', 0, 10_000)).withPartitions([pa]));
  assert.equal(wrong.onlyPartition().failureReason, 'UNKNOWN_QUERY_TYPE');
  const win = iq.query(StateQueryRequest.inStore('wcounts').withQuery(WindowKeyQuery.withKeyAndWindowStartRange<string, number>('apple', 0, 10_000)).withPartitions([pa]));
  assert.deepEqual([...win.onlyPartition().getResult()].map((kv) => [kv.key, kv.value]), [[0, 1], [2000, 1]]);
  // session store: every session of a key (apple at 100 and 2000, gap 1000: two sessions)
  const sessions = iq.query(StateQueryRequest.inStore('scounts').withQuery(WindowRangeQuery.withKey<string, number>('apple')).withPartitions([pa]));
  assert.deepEqual([...sessions.onlyPartition().getResult()].map((kv) => [kv.key.key, kv.key.window.start, kv.key.window.end, kv.value]), [
    ['apple', 100, 100, 1],
    ['apple', 2000, 2000, 1],
  ]);
  assert.equal(iq.query(StateQueryRequest.inStore('counts').withQuery(WindowRangeQuery.withKey('apple')).withPartitions([pa])).onlyPartition().failureReason, 'UNKNOWN_QUERY_TYPE');
  assert.equal(iq.query(StateQueryRequest.inStore('counts').withQuery(KeyQuery.withKey('x')).withPartitions([7])).onlyPartition().failureReason, 'DOES_NOT_EXIST');
  assert.throws(() => iq.query(StateQueryRequest.inStore('nope').withQuery(KeyQuery.withKey('x'))), (e: unknown) => e instanceof QueryableStoreError && e.code === 'UNKNOWN_STATE_STORE');
});
