// Exactly-once: a task directory's state counts only when a checkpoint vouches for it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LOCK_FILE_NAME, StateDirectory } from '../../../src/state/directory/index.js';

function directory(t: { after: (fn: () => void) => void }): StateDirectory {
  const dir = mkdtempSync(join(tmpdir(), 'kstreams-eos-wipe-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const d = new StateDirectory({ stateDir: dir, applicationId: 'app' });
  d.initialize();
  t.after(() => d.close());
  return d;
}

function storeFiles(d: StateDirectory, task: string): void {
  const dir = join(d.taskDir(task), 'lmdb', 'counts');
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'data.mdb'), 'uncommitted?');
}

test('no checkpoint: the stores go, the lock stays', (t) => {
  const d = directory(t);
  assert.ok(d.lockTask('1_0', 'thread-1'));
  storeFiles(d, '1_0');
  assert.equal(d.wipeUnlessCheckpointed('1_0'), true);
  assert.deepEqual(readdirSync(join(d.applicationDir, '1_0')), [LOCK_FILE_NAME]);
  assert.ok(d.isTaskLocked('1_0'));
  // nothing left to wipe
  assert.equal(d.wipeUnlessCheckpointed('1_0'), false);
});

test('a checkpoint keeps the state; deleting it (a task running under exactly-once) exposes it again', (t) => {
  const d = directory(t);
  storeFiles(d, '1_1');
  d.writeCheckpoint('1_1', new Map([['app-counts-changelog:1', 42]]));
  assert.equal(d.wipeUnlessCheckpointed('1_1'), false);
  assert.ok(existsSync(join(d.applicationDir, '1_1', 'lmdb', 'counts', 'data.mdb')));
  d.deleteCheckpoint('1_1');
  d.deleteCheckpoint('1_1'); // absent: no error
  assert.equal(d.wipeUnlessCheckpointed('1_1'), true);
  assert.ok(!existsSync(join(d.applicationDir, '1_1', 'lmdb')));
});

test('an unreadable checkpoint vouches for nothing', (t) => {
  const d = directory(t);
  storeFiles(d, '0_3');
  writeFileSync(join(d.taskDir('0_3'), '.checkpoint'), 'garbage');
  assert.equal(d.wipeUnlessCheckpointed('0_3'), true);
  assert.deepEqual(readdirSync(join(d.applicationDir, '0_3')), []);
});
