import { test, describe, after } from 'node:test';
import assert from 'node:assert/strict';
import { Stores } from '../../src/state/stores.js';
import { PUT_RETURN_CODE_NOT_PUT, PUT_RETURN_CODE_VALID_TO_UNDEFINED } from '../../src/state/versioned-key-value-store.js';
import type { MeteredVersionedKeyValueStore } from '../../src/state/internals/versioned-store-layers.js';
import { backends, stringSerde, tempDir, testContext, type TestContext } from './helpers.js';

const tmp = tempDir();
after(() => tmp.cleanup());
let n = 0;

function openVersioned(persistent: boolean, options: { history?: number; name?: string; dir?: string } = {}): { store: MeteredVersionedKeyValueStore<string, string>; ctx: TestContext } {
  const name = options.name ?? `ver${n++}`;
  const history = options.history ?? 1000;
  const supplier = persistent ? Stores.persistentVersionedKeyValueStore(name, history) : Stores.inMemoryVersionedKeyValueStore(name, history);
  const store = Stores.versionedKeyValueStoreBuilder(supplier, stringSerde, stringSerde).build();
  const ctx = testContext({ stateDir: options.dir ?? tmp.dir });
  store.init(ctx, store);
  return { store, ctx };
}

for (const backend of backends) {
  describe(`versioned store, ${backend.name}`, () => {
    test('as-of reads with out-of-order puts', () => {
      const { store } = openVersioned(backend.persistent);
      assert.equal(store.put('k', 'v10', 10), PUT_RETURN_CODE_VALID_TO_UNDEFINED);
      assert.equal(store.put('k', 'v30', 30), PUT_RETURN_CODE_VALID_TO_UNDEFINED);
      assert.equal(store.put('k', 'v20', 20), 30, 'an older version is valid until the next one');
      assert.deepEqual(store.get('k'), { value: 'v30', timestamp: 30 });
      assert.deepEqual(store.get('k', 35), { value: 'v30', timestamp: 30 });
      assert.deepEqual(store.get('k', 30), { value: 'v30', timestamp: 30 });
      assert.deepEqual(store.get('k', 29), { value: 'v20', timestamp: 20, validTo: 30 });
      assert.deepEqual(store.get('k', 15), { value: 'v10', timestamp: 10, validTo: 20 });
      assert.equal(store.get('k', 9), null);
      assert.equal(store.get('other'), null);
      // same timestamp replaces the version
      assert.equal(store.put('k', 'v20b', 20), 30);
      assert.deepEqual(store.get('k', 25), { value: 'v20b', timestamp: 20, validTo: 30 });
      store.close();
    });

    test('deletes are versions too', () => {
      const { store } = openVersioned(backend.persistent);
      store.put('k', 'v10', 10);
      store.put('k', 'v30', 30);
      assert.deepEqual(store.delete('k', 20), { value: 'v10', timestamp: 10, validTo: 30 });
      assert.equal(store.get('k', 25), null);
      assert.deepEqual(store.get('k', 19), { value: 'v10', timestamp: 10, validTo: 20 });
      assert.deepEqual(store.get('k'), { value: 'v30', timestamp: 30 });
      store.delete('k', 40);
      assert.equal(store.get('k'), null);
      assert.deepEqual(store.get('k', 39), { value: 'v30', timestamp: 30, validTo: 40 });
      assert.equal(store.put('k', null, 50), PUT_RETURN_CODE_VALID_TO_UNDEFINED);
      store.close();
    });

    test('history retention bounds queries and puts', () => {
      const { store } = openVersioned(backend.persistent, { history: 50 });
      store.put('k', 'v10', 10);
      store.put('k', 'v40', 40);
      store.put('k', 'v70', 70);
      store.put('j', 'j100', 100); // stream time 100: history starts at 50
      assert.equal(store.get('k', 49), null, 'older than the history retention');
      assert.deepEqual(store.get('k', 50), { value: 'v40', timestamp: 40, validTo: 70 }, 'the version valid at the start of history is kept');
      assert.equal(store.put('k', 'v45', 45), PUT_RETURN_CODE_NOT_PUT);
      assert.deepEqual(store.get('k', 60), { value: 'v40', timestamp: 40, validTo: 70 });
      assert.equal(store.put('k', 'v60', 60), 70);
      assert.deepEqual(store.get('k', 65), { value: 'v60', timestamp: 60, validTo: 70 });
      store.close();
    });

    test('changelog records and restoration round trip', () => {
      const { store, ctx } = openVersioned(backend.persistent);
      store.put('k', 'v30', 30);
      store.put('k', 'v10', 10);
      store.delete('k', 20);
      store.put('j', 'j5', 5);
      assert.deepEqual(
        ctx.collector.sent.map((r) => [r.topic, r.key!.toString(), r.value?.toString() ?? null, r.timestamp]),
        [
          [`app-${store.name}-changelog`, 'k', 'v30', 30],
          [`app-${store.name}-changelog`, 'k', 'v10', 10],
          [`app-${store.name}-changelog`, 'k', null, 20],
          [`app-${store.name}-changelog`, 'j', 'j5', 5],
        ],
      );
      for (const target of backends) {
        const fresh = openVersioned(target.persistent);
        for (const r of ctx.collector.sent) fresh.ctx.registrations[0]!.restore(r.key!, r.value, r.timestamp);
        for (const t of [undefined, 5, 10, 15, 20, 25, 30, 35]) {
          assert.deepEqual(fresh.store.get('k', t), store.get('k', t), `k as of ${t}`);
          assert.deepEqual(fresh.store.get('j', t), store.get('j', t), `j as of ${t}`);
        }
        fresh.store.close();
      }
      store.close();
    });
  });
}

test('a persistent versioned store keeps versions and stream time across close and reopen', () => {
  const d = tempDir();
  try {
    const first = openVersioned(true, { name: 'vdurable', dir: d.dir, history: 50 });
    first.store.put('k', 'v10', 10);
    first.store.put('k', 'v100', 100);
    first.store.close();
    const second = openVersioned(true, { name: 'vdurable', dir: d.dir, history: 50 });
    assert.deepEqual(second.store.get('k'), { value: 'v100', timestamp: 100 });
    assert.deepEqual(second.store.get('k', 60), { value: 'v10', timestamp: 10, validTo: 100 });
    assert.equal(second.store.get('k', 40), null, 'stream time was kept: 40 is outside the history');
    second.store.close();
  } finally {
    d.cleanup();
  }
});
