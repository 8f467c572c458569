import { test, describe, after } from 'node:test';
import assert from 'node:assert/strict';
import { Stores } from '../../src/state/stores.js';
import { backends, readerOver, stringSerde, tempDir, testContext } from './helpers.js';

const tmp = tempDir();
after(() => tmp.cleanup());
let n = 0;

const str = (b: Buffer | null): string | null => (b === null ? null : b.toString('utf8'));

describe('changelogging', () => {
  test('every write goes to <app>-<store>-changelog on the task partition, deletes as tombstones', () => {
    const store = Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore('counts'), stringSerde, stringSerde).build();
    const ctx = testContext();
    store.init(ctx, store);
    assert.equal(ctx.registrations.length, 1);
    assert.equal(ctx.registrations[0]!.changelogTopic, 'app-counts-changelog');
    assert.equal(ctx.registrations[0]!.store, store);
    ctx.timestamp = 100;
    store.put('a', '1');
    ctx.timestamp = 200;
    store.delete('a');
    store.putIfAbsent('b', '2');
    store.putIfAbsent('b', '3'); // present: not logged
    store.putAll([{ key: 'c', value: '4' }]);
    assert.deepEqual(
      ctx.collector.sent.map((r) => [r.topic, r.partition, str(r.key), str(r.value), r.timestamp]),
      [
        ['app-counts-changelog', 1, 'a', '1', 100],
        ['app-counts-changelog', 1, 'a', null, 200],
        ['app-counts-changelog', 1, 'b', '2', 200],
        ['app-counts-changelog', 1, 'c', '4', 200],
      ],
    );
  });

  test('logging disabled: nothing is sent and the registration has no changelog topic', () => {
    const store = Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore('quiet'), stringSerde, stringSerde).withLoggingDisabled().build();
    const ctx = testContext();
    store.init(ctx, store);
    store.put('a', '1');
    assert.equal(ctx.collector.sent.length, 0);
    assert.equal(ctx.registrations[0]!.changelogTopic, undefined);
  });

  test('timestamped stores log the plain value with the value timestamp as record timestamp (as Kafka Streams)', () => {
    const store = Stores.timestampedKeyValueStoreBuilder(Stores.inMemoryTimestampedKeyValueStore('ts'), stringSerde, stringSerde).build();
    const ctx = testContext();
    store.init(ctx, store);
    ctx.timestamp = 999;
    store.put('k', { value: 'v', timestamp: 42 });
    assert.deepEqual(store.get('k'), { value: 'v', timestamp: 42 });
    store.delete('k');
    assert.deepEqual(
      ctx.collector.sent.map((r) => [str(r.key), str(r.value), r.timestamp]),
      [
        ['k', 'v', 42],
        ['k', null, 999],
      ],
    );
  });

  for (const from of backends) {
    for (const to of backends) {
      for (const timestamped of [false, true]) {
        test(`restoration round trip ${from.name} -> ${to.name}${timestamped ? ', timestamped' : ''}`, () => {
          const supplierFor = (persistent: boolean, name: string) =>
            timestamped
              ? persistent
                ? Stores.persistentTimestampedKeyValueStore(name)
                : Stores.inMemoryTimestampedKeyValueStore(name)
              : persistent
                ? Stores.persistentKeyValueStore(name)
                : Stores.inMemoryKeyValueStore(name);
          const build = (persistent: boolean, name: string) =>
            timestamped
              ? Stores.timestampedKeyValueStoreBuilder(supplierFor(persistent, name), stringSerde, stringSerde).build()
              : Stores.keyValueStoreBuilder(supplierFor(persistent, name), stringSerde, stringSerde).withCachingEnabled().build();
          const source = build(from.persistent, `src${n++}`);
          const ctx = testContext({ stateDir: tmp.dir });
          source.init(ctx, source);
          for (let i = 0; i < 200; i++) {
            ctx.timestamp = 1000 + i;
            const key = `key${i % 37}`;
            const value = `v${i}`;
            if (i % 11 === 0) source.delete(key);
            else if (timestamped) (source.put as (k: string, v: { value: string; timestamp: number }) => void)(key, { value, timestamp: ctx.timestamp });
            else (source.put as (k: string, v: string) => void)(key, value);
          }
          source.flush();
          const target = build(to.persistent, `dst${n++}`);
          const ctx2 = testContext({ stateDir: tmp.dir });
          target.init(ctx2, target);
          const restore = ctx2.registrations[0]!.restore;
          for (const r of ctx.collector.sent) restore(r.key!, r.value, r.timestamp);
          target.flush();
          assert.deepEqual([...target.all()], [...source.all()]);
          assert.ok([...target.all()].length > 20);
          assert.equal(ctx2.collector.sent.length, 0, 'restoring does not write to the changelog');
          // the batch path (what the runtime's restorer uses) gives the same store, in any chunking
          const batched = build(to.persistent, `dst${n++}`);
          const ctx3 = testContext({ stateDir: tmp.dir });
          batched.init(ctx3, batched);
          const restoreBatch = ctx3.registrations[0]!.restoreBatch;
          assert.ok(restoreBatch, 'key-value stores restore in batches');
          const records = [{ key: null, value: Buffer.from('no key'), timestamp: 1 }, ...ctx.collector.sent];
          for (let i = 0; i < records.length; i += 17) restoreBatch(records, i, Math.min(i + 17, records.length));
          batched.flush();
          assert.deepEqual([...batched.all()], [...source.all()]);
          assert.equal(ctx3.collector.sent.length, 0, 'restoring does not write to the changelog');
          // the in-place path (a reader of record views over fetched bytes, what the restorer prefers) too
          const inPlace = build(to.persistent, `dst${n++}`);
          const ctx4 = testContext({ stateDir: tmp.dir });
          inPlace.init(ctx4, inPlace);
          const restoreFrom = ctx4.registrations[0]!.restoreFrom;
          assert.ok(restoreFrom, 'key-value stores restore from a reader in place');
          for (let i = 0; i < records.length; i += 17) {
            const reader = readerOver(records.slice(i, i + 17));
            restoreFrom(reader.reader);
            reader.data.fill(0); // the fetched bytes go away: the store kept copies
          }
          inPlace.flush();
          assert.deepEqual([...inPlace.all()], [...source.all()]);
          assert.equal(ctx4.collector.sent.length, 0, 'restoring does not write to the changelog');
          source.close();
          target.close();
          batched.close();
          inPlace.close();
        });
      }
    }
  }
});
