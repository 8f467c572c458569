import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  InteractiveQueries,
  QueryableStoreError,
  QueryableStoreTypes,
  StoreQueryParameters,
} from '../../../src/streams/query/index.js';
import { buildCluster } from './harness.js';

const WORDS = ['apple', 'banana', 'cherry', 'date', 'elder', 'fig', 'grape', 'hazel', 'iris', 'jade', 'kiwi', 'lemon'];

function loaded(): ReturnType<typeof buildCluster> {
  const c = buildCluster(4);
  WORDS.forEach((w, i) => {
    for (let n = 0; n <= i % 3; n++) c.pipe(w, 'x', 1000 + i * 10 + n);
  });
  return c;
}

test('keyValueStore view composes all local active tasks; a key is read from its partition task', () => {
  const c = loaded();
  after(() => c.close());
  assert.ok(new Set(WORDS.map((w) => c.partitionOf(w))).size >= 3, 'keys spread over partitions');
  const iq = new InteractiveQueries(c.runtime({ active: [0, 1, 2, 3] }));
  const view = iq.store(StoreQueryParameters.fromNameAndType('counts', QueryableStoreTypes.keyValueStore<string, number>()));
  WORDS.forEach((w, i) => assert.equal(view.get(w), (i % 3) + 1, w));
  assert.equal(view.get('nope'), null);
  assert.equal(view.approximateNumEntries(), WORDS.length);
  const all = [...view.all()].map((kv) => kv.key).sort();
  assert.deepEqual(all, [...WORDS].sort());
  // timestamped view keeps the timestamps
  const ts = iq.store(StoreQueryParameters.fromNameAndType('counts', QueryableStoreTypes.timestampedKeyValueStore<string, number>()));
  assert.deepEqual(ts.get('cherry'), { value: 3, timestamp: 1022 });
});

test('only the tasks held locally answer; withPartition narrows to one task', () => {
  const c = loaded();
  after(() => c.close());
  const p = c.partitionOf('apple');
  const others = [0, 1, 2, 3].filter((x) => x !== p);
  const iq = new InteractiveQueries(c.runtime({ active: others }));
  const view = iq.store(StoreQueryParameters.fromNameAndType('counts', QueryableStoreTypes.keyValueStore<string, number>()));
  assert.equal(view.get('apple'), null, 'apple lives on a partition not hosted here');
  const local = WORDS.filter((w) => c.partitionOf(w) !== p);
  assert.deepEqual([...view.all()].map((kv) => kv.key).sort(), local.sort());

  const one = iq.store(StoreQueryParameters.fromNameAndType('counts', QueryableStoreTypes.keyValueStore<string, number>()).withPartition(others[0]!));
  assert.deepEqual(
    [...one.all()].map((kv) => kv.key).sort(),
    WORDS.filter((w) => c.partitionOf(w) === others[0]).sort(),
  );
  assert.throws(
    () => iq.store(StoreQueryParameters.fromNameAndType('counts', QueryableStoreTypes.keyValueStore()).withPartition(p)),
    (e: unknown) => e instanceof QueryableStoreError && e.code === 'STATE_STORE_MIGRATED' && e.retriable,
  );
  assert.throws(
    () => iq.store(StoreQueryParameters.fromNameAndType('counts', QueryableStoreTypes.keyValueStore()).withPartition(9)),
    (e: unknown) => e instanceof QueryableStoreError && e.code === 'INVALID_PARTITION',
  );
});

test('standbys and restoring tasks are read only with enableStaleStores', () => {
  const c = loaded();
  after(() => c.close());
  const p = c.partitionOf('banana');
  const iq = new InteractiveQueries(c.runtime({ active: [], standby: [p], state: 'RUNNING' }));
  const params = StoreQueryParameters.fromNameAndType('counts', QueryableStoreTypes.keyValueStore<string, number>());
  assert.throws(() => iq.store(params), (e: unknown) => e instanceof QueryableStoreError && e.code === 'STATE_STORE_MIGRATED');
  assert.equal(iq.store(params.enableStaleStores()).get('banana'), 2);

  const restoring = new InteractiveQueries(c.runtime({ active: [p], restoring: [p], state: 'REBALANCING' }));
  assert.throws(() => restoring.store(params), (e: unknown) => e instanceof QueryableStoreError && e.code === 'STREAMS_REBALANCING' && e.retriable);
  assert.equal(restoring.store(params.enableStaleStores()).get('banana'), 2);
});

test('errors: unknown store, wrong store type, not started, stopped; a view follows task moves', () => {
  const c = loaded();
  after(() => c.close());
  const rt = c.runtime({ active: [0, 1, 2, 3] });
  const iq = new InteractiveQueries(rt);
  const is = (code: string) => (e: unknown) => e instanceof QueryableStoreError && e.code === code;
  assert.throws(() => iq.store(StoreQueryParameters.fromNameAndType('nope', QueryableStoreTypes.keyValueStore())), is('UNKNOWN_STATE_STORE'));
  assert.throws(() => iq.store(StoreQueryParameters.fromNameAndType('counts', QueryableStoreTypes.windowStore())), is('WRONG_STORE_TYPE'));
  assert.throws(() => iq.store(StoreQueryParameters.fromNameAndType('counts', QueryableStoreTypes.sessionStore())), is('WRONG_STORE_TYPE'));
  const view = iq.store(StoreQueryParameters.fromNameAndType('counts', QueryableStoreTypes.keyValueStore<string, number>()));
  assert.equal(view.get('apple'), 1);
  rt.options.active = []; // the tasks moved away
  assert.throws(() => view.get('apple'), is('STATE_STORE_MIGRATED'));
  rt.options.active = [0, 1, 2, 3];
  rt.options.state = 'CREATED';
  assert.throws(() => view.get('apple'), is('STREAMS_NOT_STARTED'));
  rt.options.state = 'NOT_RUNNING';
  assert.throws(() => view.get('apple'), (e: unknown) => is('STREAMS_STOPPED')(e) && !(e as QueryableStoreError).retriable);
});

test('windowStore view: windows of a key from its partition, and all windows across tasks', () => {
  const c = buildCluster(3);
  after(() => c.close());
  c.pipe('a', 'x', 100);
  c.pipe('a', 'x', 200);
  c.pipe('a', 'x', 1000);
  c.pipe('b', 'x', 1001);
  const iq = new InteractiveQueries(c.runtime({ active: [0, 1, 2] }));
  const view = iq.store(StoreQueryParameters.fromNameAndType('wcounts', QueryableStoreTypes.windowStore<string, number>()));
  assert.deepEqual([...view.fetchWindows('a', 0, 5000)].map((kv) => [kv.key, kv.value]), [[0, 2], [1000, 1]]);
  assert.equal(view.fetch('b', 1000), 1);
  assert.deepEqual(
    [...view.fetchAll(0, 5000)].map((kv) => `${kv.key.key}@${kv.key.window.start}=${kv.value}`).sort(),
    ['a@0=2', 'a@1000=1', 'b@1000=1'],
  );
});

test('sessionStore view over a session-windowed count: sessions of a key, one session, key ranges across tasks', () => {
  const c = buildCluster(3);
  after(() => c.close());
  c.pipe('a', 'x', 100);
  c.pipe('a', 'x', 600); // merges with the session at 100 (gap 1000)
  c.pipe('a', 'x', 5000);
  c.pipe('b', 'x', 700);
  c.pipe('c', 'x', 800);
  const iq = new InteractiveQueries(c.runtime({ active: [0, 1, 2] }));
  const view = iq.store(StoreQueryParameters.fromNameAndType('scounts', QueryableStoreTypes.sessionStore<string, number>()));
  const show = (it: Iterable<{ key: { key: string; window: { start: number; end: number } }; value: number }>): string[] =>
    [...it].map((kv) => `${kv.key.key}[${kv.key.window.start},${kv.key.window.end}]=${kv.value}`);
  assert.deepEqual(show(view.fetch('a')), ['a[100,600]=2', 'a[5000,5000]=1']);
  assert.deepEqual(show(view.backwardFetch('a')), ['a[5000,5000]=1', 'a[100,600]=2']);
  assert.equal(view.fetchSession('a', 100, 600), 2);
  assert.equal(view.fetchSession('a', 100, 100), null);
  assert.deepEqual(show(view.findSessions('a', 1000, 6000)), ['a[5000,5000]=1']);
  assert.deepEqual(show(view.fetch('zzz')), []);
  assert.deepEqual(show(view.fetchKeyRange('a', 'b')).sort(), ['a[100,600]=2', 'a[5000,5000]=1', 'b[700,700]=1']);
  assert.deepEqual(show(view.fetchKeyRange(null, null)).sort(), ['a[100,600]=2', 'a[5000,5000]=1', 'b[700,700]=1', 'c[800,800]=1']);
});
