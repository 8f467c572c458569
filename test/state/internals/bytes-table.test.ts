import { test } from 'node:test';
import assert from 'node:assert/strict';
import { lmdbTables } from '../../../src/state/internals/lmdb-table.js';
import { memoryTables } from '../../../src/state/internals/memory-table.js';
import { tempDir } from '../helpers.js';

const b = (s: string): Buffer => Buffer.from(s, 'latin1');

for (const backend of [
  { name: 'in-memory', factory: memoryTables },
  { name: 'lmdb', factory: lmdbTables },
]) {
  test(`${backend.name}: a batch write lands after the writes before it and before those after it`, (t) => {
    const tmp = tempDir();
    t.after(tmp.cleanup);
    const provider = backend.factory.open(tmp.dir);
    t.after(() => provider.close());
    const table = provider.table();
    table.put(b('a'), b('old-a'));
    table.put(b('b'), b('old-b'));
    table.put(b('c'), b('old-c'));
    const items: Array<[string | null, string | null]> = [
      ['a', 'new-a'],
      [null, 'skipped'],
      ['b', null],
      ['d', 'new-d'],
      ['e', 'outside the range'],
    ];
    table.writeBatch(items, 0, 4, ([k]) => (k === null ? null : b(k)), ([, v]) => (v === null ? null : b(v)));
    table.put(b('d'), b('newer-d'));
    const read = (): Array<[string, string]> => [...table.scan({})].map((kv) => [kv.key.toString('latin1'), kv.value.toString('latin1')]);
    const expected: Array<[string, string]> = [
      ['a', 'new-a'],
      ['c', 'old-c'],
      ['d', 'newer-d'],
    ];
    assert.deepEqual(read(), expected);
    assert.equal(table.get(b('b')), undefined);
    provider.flush();
    assert.deepEqual(read(), expected);
  });
}
