import { test, describe, after } from 'node:test';
import assert from 'node:assert/strict';
import { Stores } from '../../src/state/stores.js';
import { RecordCache } from '../../src/state/record-cache.js';
import type { KeyValueStore } from '../../src/state/key-value-store.js';
import type { KeyValueIterator } from '../../src/state/key-value.js';
import { backends, longSerde, stringSerde, tempDir, testContext, type TestContext } from './helpers.js';

const tmp = tempDir();
after(() => tmp.cleanup());
let storeCounter = 0;

function openStore(
  persistent: boolean,
  options: { caching?: boolean; logging?: boolean; cacheBytes?: number; name?: string; dir?: string } = {},
): { store: KeyValueStore<string, string>; ctx: TestContext } {
  const name = options.name ?? `store${storeCounter++}`;
  const supplier = persistent ? Stores.persistentKeyValueStore(name) : Stores.inMemoryKeyValueStore(name);
  const builder = Stores.keyValueStoreBuilder(supplier, stringSerde, stringSerde);
  if (options.caching) builder.withCachingEnabled();
  if (options.logging === false) builder.withLoggingDisabled();
  const store = builder.build();
  const ctx = testContext({ stateDir: options.dir ?? tmp.dir, ...(options.cacheBytes !== undefined ? { recordCache: new RecordCache(options.cacheBytes) } : {}) });
  store.init(ctx, store);
  return { store, ctx };
}

function keys<K, V>(it: KeyValueIterator<K, V>): K[] {
  const out: K[] = [];
  for (const kv of it) out.push(kv.key);
  return out;
}

const byteOrder = (a: string, b: string): number => Buffer.compare(Buffer.from(a), Buffer.from(b));

for (const backend of backends) {
  for (const caching of [false, true]) {
    describe(`key-value store, ${backend.name}, caching ${caching ? 'on' : 'off'}`, () => {
      test('put, get, putIfAbsent, putAll, delete', () => {
        const { store } = openStore(backend.persistent, { caching });
        assert.equal(store.get('a'), null);
        store.put('a', '1');
        assert.equal(store.get('a'), '1');
        assert.equal(store.putIfAbsent('a', '2'), '1');
        assert.equal(store.get('a'), '1');
        assert.equal(store.putIfAbsent('b', '2'), null);
        assert.equal(store.get('b'), '2');
        store.putAll([
          { key: 'c', value: '3' },
          { key: 'a', value: null },
        ]);
        assert.equal(store.get('a'), null);
        assert.equal(store.get('c'), '3');
        assert.equal(store.delete('c'), '3');
        assert.equal(store.delete('c'), null);
        store.put('b', null);
        assert.deepEqual(keys(store.all()), []);
        store.flush();
        assert.deepEqual(keys(store.all()), []);
        store.close();
      });

      test('iteration follows the byte order of the serialized keys', () => {
        const { store } = openStore(backend.persistent, { caching });
        const names = ['b', 'a', 'ab', 'B', 'é', 'z', 'aa', '', 'a\u0000', 'abc'];
        names.forEach((k, i) => store.put(k, String(i)));
        store.flush();
        assert.deepEqual(keys(store.reverseAll()), [...names].sort(byteOrder).reverse(), 'after flush');
        store.put('zz', 'late'); // a dirty cache entry (with caching) merged into scans
        const expected = [...names, 'zz'].sort(byteOrder);
        assert.deepEqual(keys(store.all()), expected);
        assert.deepEqual(keys(store.reverseAll()), [...expected].reverse());
        assert.deepEqual(keys(store.range('a', 'b')), expected.filter((k) => byteOrder(k, 'a') >= 0 && byteOrder(k, 'b') <= 0));
        assert.deepEqual(keys(store.reverseRange('a', 'b')), expected.filter((k) => byteOrder(k, 'a') >= 0 && byteOrder(k, 'b') <= 0).reverse());
        assert.deepEqual(keys(store.range(null, 'aa')), ['', 'B', 'a', 'a\u0000', 'aa']);
        assert.deepEqual(keys(store.range('z', null)), ['z', 'zz', 'é']);
        assert.deepEqual(keys(store.range('b', 'a')), [], 'from > to gives nothing');
        assert.deepEqual(keys(store.prefixScan('a', stringSerde)), ['a', 'a\u0000', 'aa', 'ab', 'abc']);
        assert.deepEqual(keys(store.prefixScan('ab', stringSerde)), ['ab', 'abc']);
        assert.deepEqual(keys(store.prefixScan('q', stringSerde)), []);
        assert.equal(store.approximateNumEntries() >= 10, true);
        store.close();
      });

      test('prefix scan of 0xff bytes and long keys', () => {
        const supplier = backend.persistent ? Stores.persistentKeyValueStore(`ff${storeCounter++}`) : Stores.inMemoryKeyValueStore('ff');
        const bytesSerde = { serialize: (_t: string, d: Buffer | null) => d, deserialize: (_t: string, d: Buffer | null) => d };
        const store = Stores.keyValueStoreBuilder(supplier, bytesSerde, stringSerde).build();
        const ctx = testContext({ stateDir: tmp.dir });
        store.init(ctx, store);
        store.put(Buffer.from([0xff, 0xff]), 'x');
        store.put(Buffer.from([0xff, 0xff, 0x01]), 'y');
        store.put(Buffer.from([0xff, 0xfe]), 'z');
        const got = [...store.prefixScan(Buffer.from([0xff, 0xff]), bytesSerde)].map((kv) => kv.value);
        assert.deepEqual(got, ['x', 'y']);
        store.close();
      });

      test('iterators read a snapshot and support peekNextKey and early close', () => {
        const { store } = openStore(backend.persistent, { caching });
        for (const k of ['a', 'b', 'c', 'd']) store.put(k, k);
        const it = store.all();
        assert.equal(it.peekNextKey(), 'a');
        assert.equal(it.next().value?.key, 'a');
        store.put('bb', 'new');
        store.delete('c');
        const rest = keys(it);
        // in-memory and LMDB iterators are snapshots; entries written later are not seen
        assert.equal(rest[0], 'b');
        assert.equal(rest.includes('bb'), false);
        const it2 = store.all();
        for (const kv of it2) if (kv.key === 'b') break;
        assert.equal(it2.next().done, true, 'breaking a for..of closes the iterator');
        store.close();
      });

      test('matches a model under random operations', () => {
        const { store } = openStore(backend.persistent, { caching, cacheBytes: 2000 });
        const model = new Map<string, string>();
        let seed = 42;
        const rand = (n: number): number => {
          seed = (seed * 16807) % 2147483647;
          return seed % n;
        };
        const key = (): string => 'k' + String(rand(60)).padStart(rand(2) ? 2 : 1, '0');
        for (let i = 0; i < 3000; i++) {
          const op = rand(10);
          const k = key();
          if (op < 6) {
            const v = 'v' + i;
            store.put(k, v);
            model.set(k, v);
          } else if (op < 8) {
            assert.equal(store.delete(k), model.get(k) ?? null);
            model.delete(k);
          } else if (op < 9) {
            assert.equal(store.get(k), model.get(k) ?? null);
          } else {
            const k2 = key();
            const [lo, hi] = byteOrder(k, k2) <= 0 ? [k, k2] : [k2, k];
            const expected = [...model.keys()].filter((x) => byteOrder(x, lo) >= 0 && byteOrder(x, hi) <= 0).sort(byteOrder);
            assert.deepEqual(keys(store.range(lo, hi)), expected);
            assert.deepEqual(keys(store.reverseRange(lo, hi)), [...expected].reverse());
          }
          if (i % 500 === 0) store.flush();
        }
        const all = [...store.all()].map((kv) => [kv.key, kv.value]);
        assert.ok(model.size > 20, `model too small: ${model.size}`);
        assert.deepEqual(all, [...model.entries()].sort((a, b) => byteOrder(a[0], b[0])));
        store.close();
      });
    });
  }
}

describe('persistent key-value store', () => {
  test('keeps its data across close and reopen in <stateDir>/<storeName>', async () => {
    const d = tempDir();
    try {
      const first = openStore(true, { name: 'durable', dir: d.dir });
      for (let i = 0; i < 100; i++) first.store.put(`key${i}`, `value${i}`);
      first.store.delete('key5');
      first.store.close();
      const { existsSync } = await import('node:fs');
      assert.ok(existsSync(`${d.dir}/durable`));
      const second = openStore(true, { name: 'durable', dir: d.dir });
      assert.equal(second.store.get('key7'), 'value7');
      assert.equal(second.store.get('key5'), null);
      assert.equal(keys(second.store.all()).length, 99);
      second.store.close();
      const memory = openStore(false, { name: 'durable', dir: d.dir });
      assert.equal(memory.store.get('key7'), null, 'in-memory stores start empty');
      memory.store.close();
    } finally {
      d.cleanup();
    }
  });

  test('an empty key is a key; an over-long key fails at once with a typed error', () => {
    const { store } = openStore(true);
    store.put('', 'empty');
    store.flush();
    assert.equal(store.get(''), 'empty');
    assert.deepEqual(keys(store.reverseAll()), ['']);
    assert.throws(() => store.put('x'.repeat(3000), 'v'), { name: 'StateStoreError', code: 'INVALID_ARGUMENT' });
    store.close();
  });

  test('stores numbers with a Java-compatible long serde in key order', () => {
    const supplier = Stores.persistentKeyValueStore(`longs${storeCounter++}`);
    const store = Stores.keyValueStoreBuilder(supplier, longSerde, stringSerde).build();
    store.init(testContext({ stateDir: tmp.dir }), store);
    for (const n of [300, 1, 70000, 2]) store.put(n, String(n));
    assert.deepEqual(keys(store.all()).map(Number), [1, 2, 300, 70000]);
    store.close();
  });
});
