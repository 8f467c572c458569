import { test } from 'node:test';
import assert from 'node:assert/strict';
import { lmdbTables } from '../../../src/state/internals/lmdb-table.js';
import { memoryTables } from '../../../src/state/internals/memory-table.js';
import { readerOver, tempDir } from '../helpers.js';
import { readLong } from '../../../src/state/internals/bytes.js';

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

for (const backend of [
  { name: 'in-memory', factory: memoryTables },
  { name: 'lmdb', factory: lmdbTables },
]) {
  for (const scanned of [false, true]) {
    test(`${backend.name}${scanned ? ' (scanned before)' : ''}: a reader's records are written in place, values in the asked form, and the table keeps none of the reader's bytes`, (t) => {
      const tmp = tempDir();
      t.after(tmp.cleanup);
      const provider = backend.factory.open(tmp.dir);
      t.after(() => provider.close());
      const plain = provider.table('plain');
      const stamped = provider.table('stamped');
      for (const table of [plain, stamped]) {
        table.put(b('a'), b('old-a'));
        table.put(b('b'), b('old-b'));
        // a scan keeps the order up to date in memory: writes then also make their scan entries
        if (scanned) assert.equal([...table.scan({})].length, 2);
      }
      const records = [
        { key: 'a', value: 'new-a', timestamp: 1_700_000_000_123 },
        { key: null, value: 'no key: skipped', timestamp: 2 },
        { key: 'b', value: null, timestamp: 3 },
        { key: 'c', value: '', timestamp: 4 },
        { key: '', value: 'empty key', timestamp: 5 },
        { key: 'd\xff\x00', value: 'bytes', timestamp: 6 },
        { key: 'e'.repeat(40), value: 'long '.repeat(30), timestamp: 7 },
      ].map((r) => ({ key: r.key === null ? null : b(r.key), value: r.value === null ? null : b(r.value), timestamp: r.timestamp }));
      const first = readerOver(records);
      plain.writeFrom(first.reader, 'plain');
      const second = readerOver(records);
      stamped.writeFrom(second.reader, 'timestamped');
      // the consumer's buffers are reused or dropped afterwards: nothing written may change with them
      first.data.fill(0x21);
      second.data.fill(0x21);
      const read = (table: typeof plain): Array<[string, string]> => [...table.scan({})].map((kv) => [kv.key.toString('latin1'), kv.value.toString('latin1')]);
      const expectedPlain: Array<[string, string]> = [
        ['', 'empty key'],
        ['a', 'new-a'],
        ['c', ''],
        ['d\xff\x00', 'bytes'],
        ['e'.repeat(40), 'long '.repeat(30)],
      ];
      assert.deepEqual(read(plain), expectedPlain);
      assert.equal(plain.get(b('b')), undefined);
      const stampedRows = [...stamped.scan({})].map((kv) => [kv.key.toString('latin1'), readLong(kv.value, 0), kv.value.subarray(8).toString('latin1')]);
      assert.deepEqual(stampedRows, [
        ['', 5, 'empty key'],
        ['a', 1_700_000_000_123, 'new-a'],
        ['c', 4, ''],
        ['d\xff\x00', 6, 'bytes'],
        ['e'.repeat(40), 7, 'long '.repeat(30)],
      ]);
      assert.equal(readLong(stamped.get(b('a'))!, 0), 1_700_000_000_123);
      provider.flush();
      assert.deepEqual(read(plain), expectedPlain);
    });
  }
}
