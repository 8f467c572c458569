import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { once } from 'node:events';
import {
  CheckpointError,
  StateDirectory,
  StateDirectoryError,
  checkpointKey,
  readCheckpoint,
  writeCheckpoint,
} from '../../../src/state/directory/index.js';

const moduleUrl = new URL('../../../src/state/directory/index.ts', import.meta.url).href;

function tempDir(t: { after: (fn: () => void) => void }): string {
  const dir = mkdtempSync(join(tmpdir(), 'kstreams-statedir-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** a separate process that locks a task directory and an application directory, then waits */
async function lockingProcess(stateDir: string, task: string): Promise<ChildProcess> {
  const script = `
    const { StateDirectory } = await import(${JSON.stringify(moduleUrl)});
    const d = new StateDirectory({ stateDir: ${JSON.stringify(stateDir)}, applicationId: 'app' });
    d.initialize();
    if (!d.lockTask(${JSON.stringify(task)}, 'thread-1')) process.exit(3);
    process.stdout.write('locked\\n');
    setInterval(() => {}, 1000);`;
  const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { stdio: ['ignore', 'pipe', 'inherit'] });
  const [chunk] = (await once(child.stdout!, 'data')) as [Buffer];
  assert.equal(chunk.toString().trim(), 'locked');
  return child;
}

test('task directories under <state.dir>/<application.id>/<task>, process id kept across restarts', (t) => {
  const stateDir = tempDir(t);
  const d = new StateDirectory({ stateDir, applicationId: 'app' });
  const pid = d.initialize();
  assert.match(pid, /^[0-9a-f-]{36}$/);
  assert.equal(d.taskDir('1_2'), join(stateDir, 'app', '1_2'));
  d.close();
  const again = new StateDirectory({ stateDir, applicationId: 'app' });
  assert.equal(again.initialize(), pid, 'same process id after restart');
  again.close();
});

test('checkpoints: written atomically, read back, malformed ones rejected', (t) => {
  const dir = tempDir(t);
  const path = join(dir, '.checkpoint');
  assert.equal(readCheckpoint(path).size, 0);
  const offsets = new Map([
    [checkpointKey('app-counts-changelog', 3), 1234],
    [checkpointKey('topic:with:colons', 0), 5],
  ]);
  writeCheckpoint(path, offsets);
  assert.deepEqual(readCheckpoint(path), offsets);
  assert.deepEqual(readdirSync(dir), ['.checkpoint'], 'no temporary file left');
  writeFileSync(path, '0\n2\napp-counts-changelog 3 1234\n');
  assert.throws(() => readCheckpoint(path), CheckpointError);
  assert.throws(() => writeCheckpoint(path, new Map([['t:0', -5]])), CheckpointError);
});

test('offset sums per task come from checkpoints, skipping tasks locked by others', (t) => {
  const stateDir = tempDir(t);
  const d = new StateDirectory({ stateDir, applicationId: 'app' });
  d.initialize();
  t.after(() => d.close());
  d.writeCheckpoint('0_0', new Map([['a-changelog:0', 10], ['b-changelog:0', 32]]));
  d.writeCheckpoint('0_1', new Map([['a-changelog:1', 7]]));
  d.taskDir('0_2'); // a directory without checkpoint: no usable state
  assert.deepEqual(d.taskOffsetSums(), new Map([['0_0', 42], ['0_1', 7]]));
  assert.ok(d.lockTask('0_1', 'other-thread'));
  assert.deepEqual(d.taskOffsetSums(), new Map([['0_0', 42]]));
  assert.deepEqual(d.taskOffsetSums(new Set(['0_1'])), new Map([['0_0', 42], ['0_1', 7]]));
});

test('task locks: re-entrant for their owner, refused to another owner, released by unlock', (t) => {
  const stateDir = tempDir(t);
  const d = new StateDirectory({ stateDir, applicationId: 'app' });
  assert.ok(d.lockTask('0_0', 'thread-1'));
  assert.ok(d.lockTask('0_0', 'thread-1'));
  assert.equal(d.lockTask('0_0', 'thread-2'), false);
  assert.equal(d.unlockTask('0_0', 'thread-2'), false, 'only the owner unlocks');
  assert.ok(d.unlockTask('0_0', 'thread-1'));
  assert.ok(d.lockTask('0_0', 'thread-2'));
});

test('another live process holds its locks; after kill -9 its stale locks are taken over', async (t) => {
  const stateDir = tempDir(t);
  const child = await lockingProcess(stateDir, '1_0');
  t.after(() => {
    if (child.exitCode === null) child.kill('SIGKILL');
  });
  const d = new StateDirectory({ stateDir, applicationId: 'app' });
  assert.throws(() => d.initialize(), (e: unknown) => e instanceof StateDirectoryError && e.code === 'STATE_DIR_LOCKED');
  assert.equal(d.lockTask('1_0', 'me'), false);
  assert.throws(() => d.cleanUp(), (e: unknown) => e instanceof StateDirectoryError && e.code === 'INSTANCE_RUNNING');

  child.kill('SIGKILL');
  await once(child, 'exit');
  d.initialize();
  assert.ok(d.lockTask('1_0', 'me'), 'stale lock of a dead process taken over');
  d.unlockTask('1_0', 'me');
  d.close();
});

test('cleanUp removes all local state; cleanRemovedTasks only unlocked, idle task directories', (t) => {
  const stateDir = tempDir(t);
  const d = new StateDirectory({ stateDir, applicationId: 'app' });
  d.writeCheckpoint('0_0', new Map([['c:0', 1]]));
  d.writeCheckpoint('0_1', new Map([['c:1', 1]]));
  d.writeCheckpoint('0_2', new Map([['c:2', 1]]));
  const old = (Date.now() - 3_600_000) / 1000;
  for (const task of ['0_0', '0_1']) {
    utimesSync(join(stateDir, 'app', task, '.checkpoint'), old, old);
    utimesSync(join(stateDir, 'app', task), old, old);
  }
  assert.ok(d.lockTask('0_1', 'busy'));
  assert.deepEqual(d.cleanRemovedTasks({ olderThanMs: 600_000 }), ['0_0']);
  assert.deepEqual(d.listTaskDirs(), ['0_1', '0_2']);

  assert.throws(() => d.cleanUp(), (e: unknown) => e instanceof StateDirectoryError && e.code === 'TASK_DIR_LOCKED');
  assert.ok(d.lockTask('0_2', 'someone'), 'a failed clean-up releases the locks it took');
  d.unlockTask('0_2', 'someone');
  d.unlockTask('0_1', 'busy');
  d.cleanUp();
  assert.equal(existsSync(join(stateDir, 'app')), false);
});
