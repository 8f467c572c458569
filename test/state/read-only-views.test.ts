import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Stores } from '../../src/state/stores.js';
import { plainValueKeyValueStore, plainValueWindowStore, readOnlyKeyValueStore } from '../../src/state/read-only-views.js';
import { stringSerde, tempDir, testContext } from './helpers.js';

test('read-only views expose reads only; plain-value views drop timestamps', () => {
  const store = Stores.timestampedKeyValueStoreBuilder(Stores.inMemoryTimestampedKeyValueStore('iq'), stringSerde, stringSerde).build();
  store.init(testContext(), store);
  store.put('a', { value: '1', timestamp: 10 });
  store.put('b', { value: '2', timestamp: 20 });
  const view = plainValueKeyValueStore(store);
  assert.equal(view.get('a'), '1');
  assert.equal(view.get('zz'), null);
  assert.deepEqual([...view.all()], [
    { key: 'a', value: '1' },
    { key: 'b', value: '2' },
  ]);
  assert.deepEqual([...view.reverseRange('a', 'b')].map((kv) => kv.value), ['2', '1']);
  const raw = readOnlyKeyValueStore(store);
  assert.deepEqual(raw.get('b'), { value: '2', timestamp: 20 });
  assert.equal('put' in raw, false);

  const windows = Stores.timestampedWindowStoreBuilder(
    Stores.persistentTimestampedWindowStore('iqw', { retentionPeriod: 1000, windowSize: 10 }),
    stringSerde,
    stringSerde,
  )
    .withLoggingDisabled()
    .build();
  const { dir, cleanup } = tempDir();
  windows.init(testContext({ stateDir: dir }), windows);
  windows.put('k', { value: 'w', timestamp: 5 }, 0);
  const wview = plainValueWindowStore(windows);
  assert.equal(wview.fetch('k', 0), 'w');
  assert.deepEqual([...wview.fetchWindows('k', 0, 100)], [{ key: 0, value: 'w' }]);
  assert.deepEqual([...wview.all()].map((kv) => [kv.key.key, kv.key.window.start, kv.key.window.end, kv.value]), [['k', 0, 10, 'w']]);
  windows.close();
  cleanup();
});
