import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { Stores } from '../../src/state/stores.js';
import type { ChangelogRecord, StateStore, StoreRegistration } from '../../src/streams/processor/state-store.js';
import type { KeyValueIterator } from '../../src/state/key-value.js';
import { sessionStoreKey, windowStoreKey } from '../../src/state/internals/window-key-schema.js';
import { backends, readerOver, stringSerde, tempDir, testContext } from './helpers.js';

const tmp = tempDir();
after(() => tmp.cleanup());
let n = 0;

type Kind = 'window' | 'timestamped window' | 'session';

interface Restorable extends StateStore {
  all?(): KeyValueIterator<unknown, unknown>;
  findSessionsInKeyRange?(keyFrom: null, keyTo: null, earliestSessionEnd: number, latestSessionStart: number): KeyValueIterator<unknown, unknown>;
}

/** every live entry: all windows, or all sessions */
const contents = (store: Restorable): unknown[] => [...(store.all ? store.all() : store.findSessionsInKeyRange!(null, null, 0, Number.MAX_SAFE_INTEGER))];

function build(kind: Kind, persistent: boolean): Restorable {
  const name = `s${n++}`;
  const window = { retentionPeriod: 300_000, windowSize: 10_000 };
  if (kind === 'session') {
    const supplier = persistent ? Stores.persistentSessionStore(name, 300_000) : Stores.inMemorySessionStore(name, 300_000);
    return Stores.sessionStoreBuilder(supplier, stringSerde, stringSerde).build() as unknown as Restorable;
  }
  if (kind === 'timestamped window') {
    const supplier = persistent ? Stores.persistentTimestampedWindowStore(name, window) : Stores.inMemoryWindowStore(name, window);
    return Stores.timestampedWindowStoreBuilder(supplier, stringSerde, stringSerde).withCachingEnabled().build() as unknown as Restorable;
  }
  const supplier = persistent ? Stores.persistentWindowStore(name, window) : Stores.inMemoryWindowStore(name, window);
  return Stores.windowStoreBuilder(supplier, stringSerde, stringSerde).build() as unknown as Restorable;
}

/**
 * A changelog that moves through several segments (150 s each), goes back to windows that have
 * expired by then, deletes some, and has a record without a key.
 */
function changelog(kind: Kind): ChangelogRecord[] {
  const out: ChangelogRecord[] = [{ key: null, value: Buffer.from('no key'), timestamp: 1 }];
  for (let i = 0; i < 400; i++) {
    const time = i % 23 === 0 ? Math.max(0, i * 2_500 - 400_000) : i * 2_500; // every 23rd record goes 400 s back
    const key = Buffer.from(`k${i % 13}`);
    const storeKey = kind === 'session' ? sessionStoreKey(key, time - 1_000, time) : windowStoreKey(key, time, 0);
    out.push({ key: storeKey, value: i % 17 === 0 ? null : Buffer.from(`v${i}`), timestamp: time + 7 });
  }
  return out;
}

function registration(store: Restorable): StoreRegistration {
  const ctx = testContext({ stateDir: tmp.dir });
  store.init(ctx, store);
  return ctx.registrations[0]!;
}

for (const kind of ['window', 'timestamped window', 'session'] as const) {
  for (const backend of backends) {
    test(`${kind} store, ${backend.name}: a batch restore gives the store that one restore per record gives, in any chunking`, () => {
      const records = changelog(kind);
      const perRecord = build(kind, backend.persistent);
      const reg = registration(perRecord);
      for (const r of records) if (r.key !== null) reg.restore(r.key, r.value, r.timestamp);
      perRecord.flush();
      const expected = contents(perRecord);
      assert.ok(expected.length > 20, 'the changelog leaves live entries');
      assert.ok(expected.length < 13 * 400, 'expired segments were dropped');
      for (const chunk of [1, 7, records.length]) {
        const batched = build(kind, backend.persistent);
        const restoreBatch = registration(batched).restoreBatch;
        assert.ok(restoreBatch, `${kind} stores restore in batches`);
        for (let i = 0; i < records.length; i += chunk) restoreBatch(records, i, Math.min(i + chunk, records.length));
        batched.flush();
        assert.deepEqual(contents(batched), expected, `chunks of ${chunk}`);
        batched.close();
        // in place, from a reader over the records' bytes (what the runtime's restorer prefers)
        const inPlace = build(kind, backend.persistent);
        const restoreFrom = registration(inPlace).restoreFrom;
        assert.ok(restoreFrom, `${kind} stores restore from a reader in place`);
        for (let i = 0; i < records.length; i += chunk) {
          const reader = readerOver(records.slice(i, i + chunk));
          restoreFrom(reader.reader);
          reader.data.fill(0); // the fetched bytes go away: the store kept copies
        }
        inPlace.flush();
        assert.deepEqual(contents(inPlace), expected, `in place, chunks of ${chunk}`);
        inPlace.close();
      }
      perRecord.close();
    });
  }
}
