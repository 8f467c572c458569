import { test, describe, after } from 'node:test';
import assert from 'node:assert/strict';
import { Stores } from '../../src/state/stores.js';
import { RecordCache } from '../../src/state/record-cache.js';
import type { MeteredWindowStore } from '../../src/state/internals/metered-window-store.js';
import type { KeyValueIterator } from '../../src/state/key-value.js';
import type { WindowedKey } from '../../src/state/windowed.js';
import { backends, stringSerde, tempDir, testContext, type TestContext } from './helpers.js';

const tmp = tempDir();
after(() => tmp.cleanup());
let n = 0;

const SEGMENT = 30;
const RETENTION = 100;

function openWindowStore(
  persistent: boolean,
  options: { caching?: boolean; retainDuplicates?: boolean; name?: string; dir?: string; cacheBytes?: number } = {},
): { store: MeteredWindowStore<string, string>; ctx: TestContext } {
  const name = options.name ?? `win${n++}`;
  const o = { retentionPeriod: RETENTION, windowSize: 10, segmentInterval: SEGMENT, retainDuplicates: options.retainDuplicates ?? false };
  const supplier = persistent ? Stores.persistentWindowStore(name, o) : Stores.inMemoryWindowStore(name, o);
  const builder = Stores.windowStoreBuilder(supplier, stringSerde, stringSerde);
  if (options.caching) builder.withCachingEnabled();
  const store = builder.build();
  const ctx = testContext({ stateDir: options.dir ?? tmp.dir, recordCache: new RecordCache(options.cacheBytes ?? 1 << 20) });
  store.init(ctx, store);
  return { store, ctx };
}

const windowed = (it: KeyValueIterator<WindowedKey<string>, string>): string[] =>
  [...it].map((kv) => `${kv.key.key}@${kv.key.window.start}-${kv.key.window.end}=${kv.value}`);
const starts = (it: KeyValueIterator<number, string>): string[] => [...it].map((kv) => `${kv.key}=${kv.value}`);
/** the order of the segmented stores: key bytes followed by the 8-byte start (RocksDB's order) */
const storeKey = (key: string, start: number): Buffer => {
  const b = Buffer.alloc(Buffer.byteLength(key) + 8);
  b.write(key);
  b.writeBigInt64BE(BigInt(start), b.length - 8);
  return b;
};

for (const backend of backends) {
  for (const caching of [false, true]) {
    describe(`window store, ${backend.name}, caching ${caching ? 'on' : 'off'}`, () => {
      test('fetch one window, a key over time, key ranges, all; forward and backward', () => {
        const { store } = openWindowStore(backend.persistent, { caching });
        store.put('a', 'a0', 0);
        store.put('a', 'a10', 10);
        store.put('aa', 'aa10', 10);
        store.put('b', 'b20', 20);
        store.put('a', 'a40', 40);
        store.put('a', 'a10x', 10); // overwrites
        if (caching) {
          store.flush();
          store.put('a', 'a20', 20); // dirty in the cache, merged into fetches
        }
        assert.equal(store.fetch('a', 10), 'a10x');
        assert.equal(store.fetch('a', 11), null);
        assert.equal(store.fetch('zz', 10), null);
        const aWindows = caching ? ['0=a0', '10=a10x', '20=a20', '40=a40'] : ['0=a0', '10=a10x', '40=a40'];
        assert.deepEqual(starts(store.fetchWindows('a', 0, 100)), aWindows);
        assert.deepEqual(starts(store.backwardFetchWindows('a', 0, 100)), [...aWindows].reverse());
        assert.deepEqual(starts(store.fetchWindows('a', 5, 39)), aWindows.slice(1, caching ? 3 : 2));
        // segment [0,30) holds a@0 a@10 (a@20) aa@10 b@20; segment [30,60) holds a@40
        const all = [
          'a@0-10=a0',
          'a@10-20=a10x',
          ...(caching ? ['a@20-30=a20'] : []),
          'aa@10-20=aa10',
          'b@20-30=b20',
          'a@40-50=a40',
        ];
        assert.deepEqual(windowed(store.all()), all);
        assert.deepEqual(windowed(store.backwardAll()), [...all].reverse());
        assert.deepEqual(windowed(store.fetchAll(10, 20)), all.filter((s) => /@(10|20)-/.test(s)));
        assert.deepEqual(windowed(store.fetchKeyRange('aa', 'b', 0, 100)), ['aa@10-20=aa10', 'b@20-30=b20']);
        assert.deepEqual(windowed(store.fetchKeyRange(null, 'a', 0, 100)), all.filter((s) => s.startsWith('a@')));
        assert.deepEqual(windowed(store.backwardFetchKeyRange('aa', null, 0, 100)), ['b@20-30=b20', 'aa@10-20=aa10']);
        store.put('a', null, 0);
        assert.equal(store.fetch('a', 0), null);
        store.close();
      });

      test('retention: expired segments are dropped and late windows ignored', () => {
        const { store } = openWindowStore(backend.persistent, { caching });
        for (let t = 0; t <= 90; t += 10) store.put('k', `v${t}`, t);
        store.flush();
        assert.equal(starts(store.fetchWindows('k', 0, 1000)).length, 10);
        store.put('k', 'v200', 200); // stream time 200: windows starting at or before 100 are expired
        store.flush();
        assert.equal(store.fetch('k', 90), null);
        assert.deepEqual(starts(store.fetchWindows('k', 0, 1000)), ['200=v200']);
        store.put('k', 'late', 50);
        store.flush();
        assert.equal(store.fetch('k', 50), null);
        assert.deepEqual(windowed(store.all()), ['k@200-210=v200']);
        store.put('k', 'v150', 150); // still within retention
        assert.deepEqual(starts(store.fetchWindows('k', 0, 1000)), ['150=v150', '200=v200']);
        store.close();
      });

      test('matches a model under random puts', () => {
        const { store } = openWindowStore(backend.persistent, { caching, cacheBytes: 3000 });
        const model = new Map<string, { key: string; start: number; value: string }>();
        let seed = 7;
        const rand = (m: number): number => {
          seed = (seed * 16807) % 2147483647;
          return seed % m;
        };
        let streamTime = -1;
        for (let i = 0; i < 1500; i++) {
          const key = ['a', 'ab', 'b', 'a\u0000', 'c'][rand(5)]!;
          const start = Math.max(0, Math.floor(i / 5) + rand(40) - 30);
          const value = rand(8) === 0 ? null : `v${i}`;
          store.put(key, value, start);
          streamTime = Math.max(streamTime, start);
          const live = Math.floor(start / SEGMENT) >= Math.floor((streamTime - RETENTION) / SEGMENT);
          const id = `${key}|${start}`;
          if (live) {
            if (value === null) model.delete(id);
            else model.set(id, { key, start, value });
          }
          if (i % 300 === 0) store.flush();
        }
        const expected = [...model.values()]
          .filter((e) => e.start > streamTime - RETENTION)
          .sort((x, y) => Math.floor(x.start / SEGMENT) - Math.floor(y.start / SEGMENT) || Buffer.compare(storeKey(x.key, x.start), storeKey(y.key, y.start)))
          .map((e) => `${e.key}@${e.start}-${e.start + 10}=${e.value}`);
        assert.ok(expected.length > 30, `model too small: ${expected.length}`);
        assert.deepEqual(windowed(store.all()), expected);
        const forA = expected.filter((s) => s.startsWith('a@')).map((s) => s.slice(2).replace(/-\d+=/, '='));
        assert.deepEqual(starts(store.fetchWindows('a', 0, 1e6)), forA.sort((x, y) => parseInt(x) - parseInt(y)));
        store.close();
      });
    });
  }
}

describe('window store details', () => {
  for (const backend of backends) {
    test(`retainDuplicates keeps every value (${backend.name})`, () => {
      const { store, ctx } = openWindowStore(backend.persistent, { retainDuplicates: true, caching: true });
      store.put('k', 'one', 10);
      store.put('k', 'two', 10);
      store.put('k', null, 10); // ignored with duplicates
      assert.deepEqual(starts(store.fetchWindows('k', 0, 100)), ['10=one', '10=two']);
      // changelog keys: key bytes, 8-byte window start, 4-byte seqnum (Kafka's WindowKeySchema)
      const keys = ctx.collector.sent.map((r) => r.key!.toString('hex'));
      assert.deepEqual(keys, ['6b' + '000000000000000a' + '00000001', '6b' + '000000000000000a' + '00000002']);
      store.close();
    });

    test(`changelog and restoration round trip (${backend.name})`, () => {
      const { store, ctx } = openWindowStore(backend.persistent);
      ctx.timestamp = 77;
      store.put('k', 'v1', 10);
      store.put('k', 'v2', 40);
      store.put('j', 'v3', 40);
      store.put('k', null, 10);
      assert.deepEqual(
        ctx.collector.sent.map((r) => [r.topic, r.key!.toString('hex'), r.value?.toString() ?? null, r.timestamp]),
        [
          [`app-${store.name}-changelog`, '6b' + '000000000000000a' + '00000000', 'v1', 77],
          [`app-${store.name}-changelog`, '6b' + '0000000000000028' + '00000000', 'v2', 77],
          [`app-${store.name}-changelog`, '6a' + '0000000000000028' + '00000000', 'v3', 77],
          [`app-${store.name}-changelog`, '6b' + '000000000000000a' + '00000000', null, 77],
        ],
      );
      for (const target of backends) {
        const fresh = openWindowStore(target.persistent);
        const restore = fresh.ctx.registrations[0]!.restore;
        for (const r of ctx.collector.sent) restore(r.key!, r.value, r.timestamp);
        assert.deepEqual(windowed(fresh.store.all()), windowed(store.all()));
        fresh.store.close();
      }
      store.close();
    });
  }

  test('timestamped window store keeps value and timestamp; logs the plain value', () => {
    const supplier = Stores.persistentTimestampedWindowStore(`tsw${n++}`, { retentionPeriod: 1000, windowSize: 100 });
    const store = Stores.timestampedWindowStoreBuilder(supplier, stringSerde, stringSerde).build();
    const ctx = testContext({ stateDir: tmp.dir });
    store.init(ctx, store);
    store.put('k', { value: 'v', timestamp: 123 }, 100);
    assert.deepEqual(store.fetch('k', 100), { value: 'v', timestamp: 123 });
    assert.deepEqual(ctx.collector.sent.map((r) => [r.value!.toString(), r.timestamp]), [['v', 123]]);
    store.close();
  });

  test('a persistent window store keeps its windows across close and reopen', () => {
    const d = tempDir();
    try {
      const first = openWindowStore(true, { name: 'wdurable', dir: d.dir });
      first.store.put('k', 'v10', 10);
      first.store.put('k', 'v40', 40);
      first.store.close();
      const second = openWindowStore(true, { name: 'wdurable', dir: d.dir });
      assert.deepEqual(starts(second.store.fetchWindows('k', 0, 100)), ['10=v10', '40=v40']);
      second.store.put('k', 'v200', 200); // stream time continues from the stored windows: 10 and 40 expire
      assert.deepEqual(starts(second.store.fetchWindows('k', 0, 1000)), ['200=v200']);
      second.store.close();
    } finally {
      d.cleanup();
    }
  });

  test('the caching layer forwards windows with old values at flush', () => {
    const { store } = openWindowStore(false, { caching: true });
    const events: string[] = [];
    assert.equal(
      store.setFlushListener((e) => events.push(`${e.key.key}@${e.key.window.start}:${e.newValue}<-${e.oldValue}@${e.timestamp}`), true),
      true,
    );
    store.put('k', 'v1', 10);
    store.put('k', 'v2', 10);
    store.flush();
    store.put('k', 'v3', 10);
    store.put('k', null, 20);
    store.flush();
    assert.deepEqual(events, ['k@10:v1<-null@0'.replace('v1', 'v2'), 'k@10:v3<-v2@0']);
    store.close();
  });

  test('window sizes larger than the retention are refused', () => {
    assert.throws(() => Stores.inMemoryWindowStore('bad', { retentionPeriod: 10, windowSize: 20 }), { code: 'INVALID_ARGUMENT' });
  });
});
