import { test, describe, after } from 'node:test';
import assert from 'node:assert/strict';
import { Stores } from '../../src/state/stores.js';
import type { MeteredSessionStore } from '../../src/state/internals/metered-session-store.js';
import type { KeyValueIterator } from '../../src/state/key-value.js';
import type { WindowedKey } from '../../src/state/windowed.js';
import { backends, stringSerde, tempDir, testContext, type TestContext } from './helpers.js';

const tmp = tempDir();
after(() => tmp.cleanup());
let n = 0;

function openSessionStore(
  persistent: boolean,
  options: { retention?: number; name?: string; dir?: string; caching?: boolean } = {},
): { store: MeteredSessionStore<string, string>; ctx: TestContext } {
  const name = options.name ?? `sess${n++}`;
  const retention = options.retention ?? 1000;
  const supplier = persistent ? Stores.persistentSessionStore(name, retention) : Stores.inMemorySessionStore(name, retention);
  const builder = Stores.sessionStoreBuilder(supplier, stringSerde, stringSerde);
  if (options.caching) builder.withCachingEnabled();
  const store = builder.build();
  const ctx = testContext({ stateDir: options.dir ?? tmp.dir });
  store.init(ctx, store);
  return { store, ctx };
}

const session = (key: string, start: number, end: number): WindowedKey<string> => ({ key, window: { start, end } });
const list = (it: KeyValueIterator<WindowedKey<string>, string>): string[] => [...it].map((kv) => `${kv.key.key}[${kv.key.window.start},${kv.key.window.end}]=${kv.value}`);

for (const backend of backends) {
  for (const caching of [false, true]) {
    describe(`session store, ${backend.name}, caching ${caching ? 'on' : 'off'}`, () => {
      test('finds the sessions a new record merges with', () => {
        const { store } = openSessionStore(backend.persistent, { caching });
        store.put(session('k', 0, 5), 'A');
        store.put(session('k', 10, 20), 'B');
        store.flush();
        store.put(session('k', 30, 30), 'C');
        store.put(session('j', 12, 14), 'J');
        store.put(session('kk', 11, 19), 'KK');
        // a record at 22 with an inactivity gap of 5 merges with sessions ending >= 17 and starting <= 27
        assert.deepEqual(list(store.findSessions('k', 17, 27)), ['k[10,20]=B']);
        assert.deepEqual(list(store.findSessions('k', 5, 30)), ['k[0,5]=A', 'k[10,20]=B', 'k[30,30]=C']);
        assert.deepEqual(list(store.backwardFindSessions('k', 5, 30)), ['k[30,30]=C', 'k[10,20]=B', 'k[0,5]=A']);
        assert.deepEqual(list(store.findSessions('k', 6, 9)), []);
        assert.deepEqual(list(store.fetch('k')), ['k[0,5]=A', 'k[10,20]=B', 'k[30,30]=C']);
        assert.deepEqual(list(store.findSessionsInKeyRange('j', 'k', 10, 20)), ['j[12,14]=J', 'k[10,20]=B']);
        assert.deepEqual(list(store.fetchKeyRange('k', null)), ['k[0,5]=A', 'k[10,20]=B', 'k[30,30]=C', 'kk[11,19]=KK']);
        assert.deepEqual(list(store.backwardFetchKeyRange(null, 'j')), ['j[12,14]=J']);
        assert.equal(store.fetchSession('k', 10, 20), 'B');
        assert.equal(store.fetchSession('k', 10, 21), null);
        // merge: remove the old sessions, put the merged one
        store.remove(session('k', 10, 20));
        store.put(session('k', 10, 22), 'B+');
        assert.deepEqual(list(store.fetch('k')), ['k[0,5]=A', 'k[10,22]=B+', 'k[30,30]=C']);
        store.put(session('k', 0, 5), null);
        assert.deepEqual(list(store.fetch('k')), ['k[10,22]=B+', 'k[30,30]=C']);
        store.close();
      });

      test('sessions that ended before stream time minus retention are dropped', () => {
        const { store } = openSessionStore(backend.persistent, { retention: 100, caching });
        store.put(session('k', 0, 10), 'old');
        store.put(session('k', 50, 60), 'mid');
        store.put(session('k', 500, 600), 'new');
        assert.deepEqual(list(store.fetch('k')), ['k[500,600]=new']);
        assert.equal(store.fetchSession('k', 0, 10), null);
        store.put(session('k', 0, 20), 'late');
        assert.deepEqual(list(store.fetch('k')), ['k[500,600]=new']);
        store.flush();
        assert.deepEqual(list(store.fetch('k')), ['k[500,600]=new']);
        store.close();
      });
    });
  }
  describe(`session store details, ${backend.name}`, () => {
    test('the caching layer forwards sessions with old values at flush', () => {
      const { store, ctx } = openSessionStore(backend.persistent, { caching: true });
      const events: string[] = [];
      store.setFlushListener((e) => events.push(`${e.key.key}[${e.key.window.start},${e.key.window.end}]:${e.newValue}<-${e.oldValue}`), true);
      store.put(session('k', 1, 2), 'a');
      store.put(session('k', 1, 2), 'b');
      assert.deepEqual(events, []);
      store.flush();
      store.remove(session('k', 1, 2));
      store.put(session('k', 1, 4), 'c');
      store.flush();
      assert.deepEqual(events, ['k[1,2]:b<-null', 'k[1,2]:null<-b', 'k[1,4]:c<-null']);
      assert.equal(ctx.collector.sent.length, 3);
      store.close();
    });

    test('changelog keys follow the session key schema; restoration round trip', () => {
      const { store, ctx } = openSessionStore(backend.persistent);
      ctx.timestamp = 9;
      store.put(session('k', 1, 2), 'v');
      store.put(session('j', 3, 4), 'w');
      store.remove(session('k', 1, 2));
      store.put(session('k', 1, 5), 'x');
      assert.deepEqual(ctx.collector.sent[0] && [ctx.collector.sent[0].key!.toString('hex'), ctx.collector.sent[0].value!.toString(), ctx.collector.sent[0].timestamp], [
        '6b' + '0000000000000002' + '0000000000000001',
        'v',
        9,
      ]);
      assert.equal(ctx.collector.sent[2]!.value, null);
      for (const target of backends) {
        const fresh = openSessionStore(target.persistent);
        for (const r of ctx.collector.sent) fresh.ctx.registrations[0]!.restore(r.key!, r.value, r.timestamp);
        assert.deepEqual(list(fresh.store.fetchKeyRange(null, null)), ['j[3,4]=w', 'k[1,5]=x']);
        fresh.store.close();
      }
      store.close();
    });
  });
}

test('a persistent session store keeps its sessions across close and reopen', () => {
  const d = tempDir();
  try {
    const first = openSessionStore(true, { name: 'sdurable', dir: d.dir });
    first.store.put(session('k', 1, 2), 'v');
    first.store.close();
    const second = openSessionStore(true, { name: 'sdurable', dir: d.dir });
    assert.deepEqual(list(second.store.fetch('k')), ['k[1,2]=v']);
    second.store.close();
  } finally {
    d.cleanup();
  }
});
