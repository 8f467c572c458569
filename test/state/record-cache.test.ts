import { test, describe, after } from 'node:test';
import assert from 'node:assert/strict';
import { Stores } from '../../src/state/stores.js';
import { CACHE_ENTRY_OVERHEAD_BYTES, RecordCache } from '../../src/state/record-cache.js';
import type { CacheFlushEvent } from '../../src/state/cache-flush-listener.js';
import type { MeteredKeyValueStore } from '../../src/state/internals/metered-key-value-store.js';
import { backends, stringSerde, tempDir, testContext, type TestContext } from './helpers.js';

const tmp = tempDir();
after(() => tmp.cleanup());
let n = 0;

type Event = [string, string | null, string | null, number];

function cachedStore(
  persistent: boolean,
  cache: RecordCache,
  sendOldValues = true,
  caching = true,
): { store: MeteredKeyValueStore<string, string>; ctx: TestContext; events: Event[]; cachingOn: boolean } {
  const name = `cached${n++}`;
  const builder = Stores.keyValueStoreBuilder(persistent ? Stores.persistentKeyValueStore(name) : Stores.inMemoryKeyValueStore(name), stringSerde, stringSerde);
  if (caching) builder.withCachingEnabled();
  const store = builder.build();
  const ctx = testContext({ stateDir: tmp.dir, recordCache: cache });
  store.init(ctx, store);
  const events: Event[] = [];
  const cachingOn = store.setFlushListener((e: CacheFlushEvent<string, string>) => events.push([e.key, e.newValue, e.oldValue, e.timestamp]), sendOldValues);
  return { store, ctx, events, cachingOn };
}

const logged = (ctx: TestContext): [string, string | null, number][] =>
  ctx.collector.sent.map((r) => [r.key!.toString(), r.value === null ? null : r.value.toString(), r.timestamp]);

for (const backend of backends) {
  describe(`caching key-value store, ${backend.name}`, () => {
    test('holds writes until flush, then forwards and logs the latest value per key', () => {
      const { store, ctx, events } = cachedStore(backend.persistent, new RecordCache(1 << 20));
      ctx.timestamp = 1;
      store.put('a', 'a1');
      ctx.timestamp = 2;
      store.put('b', 'b1');
      ctx.timestamp = 3;
      store.put('a', 'a2');
      assert.equal(store.get('a'), 'a2', 'reads see the cache');
      assert.deepEqual([...store.all()].map((kv) => kv.value), ['a2', 'b1'], 'scans merge the cache');
      assert.deepEqual(events, []);
      assert.deepEqual(logged(ctx), []);
      store.flush();
      // order of the last write of each key; timestamp of that write; no old values yet
      assert.deepEqual(events, [
        ['b', 'b1', null, 2],
        ['a', 'a2', null, 3],
      ]);
      assert.deepEqual(logged(ctx), [
        ['b', 'b1', 2],
        ['a', 'a2', 3],
      ]);
      events.length = 0;
      ctx.timestamp = 4;
      store.put('a', 'a3');
      store.delete('b');
      store.delete('never-there');
      store.flush();
      assert.deepEqual(events, [
        ['a', 'a3', 'a2', 4],
        ['b', null, 'b1', 4],
      ], 'old values from the store; deleting an absent key forwards nothing');
      store.flush();
      assert.equal(events.length, 2, 'a second flush has nothing dirty');
      store.close();
    });

    test('without sendOldValues the old value is null', () => {
      const { store, events } = cachedStore(backend.persistent, new RecordCache(1 << 20), false);
      store.put('a', '1');
      store.flush();
      store.put('a', '2');
      store.flush();
      assert.deepEqual(events.map((e) => e[2]), [null, null]);
      store.close();
    });

    test('eviction of a dirty entry flushes its store', () => {
      const entry = 1 + 2 + CACHE_ENTRY_OVERHEAD_BYTES; // key 'k' + value 'vv'
      const cache = new RecordCache(entry * 3);
      const { store, ctx, events } = cachedStore(backend.persistent, cache);
      store.put('a', 'v1');
      store.put('b', 'v2');
      store.put('c', 'v3');
      assert.equal(cache.sizeBytes, entry * 3);
      assert.deepEqual(events, []);
      store.put('d', 'v4'); // 4 entries do not fit: 'a' is evicted, which flushes every dirty entry
      assert.deepEqual(events.map((e) => e[0]), ['a', 'b', 'c', 'd']);
      assert.equal(cache.size, 3);
      assert.equal(cache.sizeBytes, entry * 3);
      assert.equal(cache.stats.evictions, 1);
      assert.equal(logged(ctx).length, 4);
      assert.equal(store.get('a'), 'v1', 'an evicted key is read from the store below');
      store.close();
    });

    test('a cache of zero bytes forwards every write at once', () => {
      const { store, events } = cachedStore(backend.persistent, new RecordCache(0));
      store.put('a', '1');
      store.put('a', '2');
      assert.deepEqual(events, [
        ['a', '1', null, 0],
        ['a', '2', '1', 0],
      ]);
      assert.equal(store.get('a'), '2');
      store.close();
    });

    test('stores of a thread share the cache; the least recently used entry goes first', () => {
      const entry = 1 + 2 + CACHE_ENTRY_OVERHEAD_BYTES;
      const cache = new RecordCache(entry * 2);
      const one = cachedStore(backend.persistent, cache);
      const two = cachedStore(backend.persistent, cache);
      one.store.put('a', 'v1');
      one.store.flush();
      two.store.put('b', 'v2');
      assert.equal(one.store.get('a'), 'v1'); // touch: 'b' is now the oldest
      two.store.put('c', 'v3'); // evicts 'b' (dirty): flushes store two
      assert.deepEqual(two.events.map((e) => e[0]), ['b', 'c']);
      assert.deepEqual(cache.namespaces().length, 2);
      assert.equal(cache.size, 2);
      one.store.close();
      two.store.close();
      assert.equal(cache.sizeBytes, 0, 'closing a store drops its named cache');
    });

    test('without caching setFlushListener says so and writes go straight through', () => {
      const { store, ctx, cachingOn } = cachedStore(backend.persistent, new RecordCache(1 << 20), true, false);
      assert.equal(cachingOn, false);
      store.put('a', '1');
      assert.equal(logged(ctx).length, 1);
      store.close();
    });

    test('the private cache of a store without a thread cache is sized from the config', () => {
      const name = `private${n++}`;
      const store = Stores.keyValueStoreBuilder(
        backend.persistent ? Stores.persistentKeyValueStore(name) : Stores.inMemoryKeyValueStore(name),
        stringSerde,
        stringSerde,
      )
        .withCachingEnabled()
        .build();
      const ctx = testContext({ stateDir: tmp.dir, appConfigs: { 'statestore.cache.max.bytes': 0 } });
      store.init(ctx, store);
      const events: string[] = [];
      store.setFlushListener((e) => events.push(e.key), false);
      store.put('x', '1');
      assert.deepEqual(events, ['x']);
      store.close();
    });
  });
}

describe('record cache', () => {
  test('counts key, value and overhead bytes and resizes', () => {
    const cache = new RecordCache(10_000);
    const named = cache.namedCache('0_0-s');
    const flushed: string[] = [];
    named.setFlushListener((entries) => entries.forEach((e) => flushed.push(e.key.toString())));
    named.put(Buffer.from('key'), Buffer.from('value'), { dirty: true, timestamp: 1 });
    assert.equal(cache.sizeBytes, 3 + 5 + CACHE_ENTRY_OVERHEAD_BYTES);
    named.put(Buffer.from('key'), Buffer.from('v'), { dirty: true, timestamp: 2 });
    assert.equal(cache.sizeBytes, 3 + 1 + CACHE_ENTRY_OVERHEAD_BYTES);
    named.put(Buffer.from('gone'), null, { dirty: true, timestamp: 3 });
    assert.equal(named.get(Buffer.from('gone'))?.value, null, 'a cached deletion');
    cache.resize(0);
    assert.deepEqual(flushed, ['key', 'gone']);
    assert.equal(cache.sizeBytes, 0);
    assert.equal(cache.size, 0);
  });
});

describe('caching timestamped key-value store', () => {
  for (const backend of backends) {
    test(`forwards ValueAndTimestamp values, old values and the writer's headers (${backend.name})`, async () => {
      const { Headers } = await import('../../src/streams/processor/headers.js');
      const name = `tsc${n++}`;
      const supplier = backend.persistent ? Stores.persistentTimestampedKeyValueStore(name) : Stores.inMemoryTimestampedKeyValueStore(name);
      const store = Stores.timestampedKeyValueStoreBuilder(supplier, stringSerde, stringSerde).withCachingEnabled().build();
      const ctx = testContext({ stateDir: tmp.dir, recordCache: new RecordCache(1 << 20) });
      const headers = new Headers();
      ctx.currentRecordHeaders = () => headers;
      store.init(ctx, store);
      const events: unknown[] = [];
      store.setFlushListener((e) => events.push([e.key, e.newValue, e.oldValue, e.timestamp, e.headers === headers]), true);
      ctx.timestamp = 5;
      store.put('k', { value: 'a', timestamp: 5 });
      store.flush();
      ctx.timestamp = 9;
      store.put('k', { value: 'b', timestamp: 7 });
      store.flush();
      assert.deepEqual(events, [
        ['k', { value: 'a', timestamp: 5 }, null, 5, true],
        ['k', { value: 'b', timestamp: 7 }, { value: 'a', timestamp: 5 }, 9, true],
      ]);
      // the changelog carries the plain value and the value's timestamp
      assert.deepEqual(ctx.collector.sent.map((r) => [r.value!.toString(), r.timestamp]), [
        ['a', 5],
        ['b', 7],
      ]);
      store.close();
    });
  }
});

describe('record cache re-entrancy', () => {
  test('a flush listener that writes into another store of the thread during an eviction', () => {
    const entry = 1 + 2 + CACHE_ENTRY_OVERHEAD_BYTES;
    const cache = new RecordCache(entry * 3);
    const upstream = cachedStore(false, cache);
    const downstream = cachedStore(false, cache);
    // what a table processor does: forward each flushed upstream entry into the downstream store
    upstream.store.setFlushListener((e) => downstream.store.put(e.key, e.newValue), false);
    for (const k of ['a', 'b', 'c', 'd', 'e', 'f']) upstream.store.put(k, 'v1');
    upstream.store.flush();
    downstream.store.flush();
    assert.ok(cache.sizeBytes <= entry * 3, `cache over budget: ${cache.sizeBytes}`);
    assert.deepEqual([...downstream.store.all()].map((kv) => kv.key), ['a', 'b', 'c', 'd', 'e', 'f']);
    assert.deepEqual([...upstream.store.all()].map((kv) => kv.key), ['a', 'b', 'c', 'd', 'e', 'f']);
    assert.deepEqual(downstream.events.map((e) => e[0]).sort(), ['a', 'b', 'c', 'd', 'e', 'f']);
    upstream.store.close();
    downstream.store.close();
    assert.equal(cache.sizeBytes, 0);
  });
});
