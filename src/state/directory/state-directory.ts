// The local state of one application on one machine: `<state.dir>/<application.id>/<task id>/`.
// The application directory is locked by one KafkaStreams instance at a time and remembers its process
// id across restarts (so the assignor recognises the state it left behind); each task directory has its
// own lock so that two threads or instances never open the same stores; checkpoints sit in the task dirs.
import { randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync, renameSync } from 'node:fs';
import { join } from 'node:path';
import { CHECKPOINT_FILE_NAME, deleteCheckpoint, readCheckpoint, writeCheckpoint, type CheckpointOffsets } from './checkpoint-file.js';
import { isLocked, tryLock, unlock } from './lock-file.js';

export const LOCK_FILE_NAME = '.lock';
export const PROCESS_METADATA_FILE = 'kafka-streams-process-metadata';
const TASK_DIR = /^(?:.+__)?\d+_\d+$/;

export class StateDirectoryError extends Error {
  override readonly name = 'StateDirectoryError';
  constructor(
    readonly code: 'STATE_DIR_LOCKED' | 'TASK_DIR_LOCKED' | 'INSTANCE_RUNNING',
    message: string,
    readonly retriable = false,
  ) {
    super(message);
  }
}

export interface StateDirectoryOptions {
  /** `state.dir` */
  stateDir: string;
  /** `application.id` */
  applicationId: string;
}

export class StateDirectory {
  readonly applicationDir: string;
  /** owner string of this object's application-directory lock */
  private readonly instanceToken = randomUUID();
  private instanceLocked = false;

  constructor(options: StateDirectoryOptions) {
    this.applicationDir = join(options.stateDir, options.applicationId);
  }

  /**
   * Locks the application directory for this instance and returns its process id, the one stored there by
   * an earlier run if any. Throws STATE_DIR_LOCKED when another live instance uses the directory.
   */
  initialize(): string {
    mkdirSync(this.applicationDir, { recursive: true });
    const result = tryLock(join(this.applicationDir, LOCK_FILE_NAME), this.instanceToken);
    if (result === 'held-by-other') {
      throw new StateDirectoryError('STATE_DIR_LOCKED', `state directory ${this.applicationDir} is used by another running instance; give each instance its own state.dir`);
    }
    this.instanceLocked = true;
    const metaPath = join(this.applicationDir, PROCESS_METADATA_FILE);
    try {
      const parsed: unknown = JSON.parse(readFileSync(metaPath, 'utf8'));
      const id = (parsed as { processId?: unknown }).processId;
      if (typeof id === 'string' && /^[0-9a-f-]{36}$/.test(id)) return id;
    } catch {
      // absent or unreadable: a new process id
    }
    const processId = randomUUID();
    writeFileSync(`${metaPath}.tmp`, JSON.stringify({ processId }));
    renameSync(`${metaPath}.tmp`, metaPath);
    return processId;
  }

  /** Releases the application directory lock (task locks are released by their owners). */
  close(): void {
    if (this.instanceLocked) unlock(join(this.applicationDir, LOCK_FILE_NAME), this.instanceToken);
    this.instanceLocked = false;
  }

  /** The task's directory, created if missing. */
  taskDir(taskId: string): string {
    const dir = join(this.applicationDir, taskId);
    mkdirSync(dir, { recursive: true });
    return dir;
  }

  hasTaskDir(taskId: string): boolean {
    return existsSync(join(this.applicationDir, taskId));
  }

  /** Locks a task directory for `owner` (a thread); false when someone else alive holds it. Re-entrant. */
  lockTask(taskId: string, owner: string): boolean {
    return tryLock(join(this.taskDir(taskId), LOCK_FILE_NAME), owner) !== 'held-by-other';
  }

  unlockTask(taskId: string, owner: string): boolean {
    return unlock(join(this.applicationDir, taskId, LOCK_FILE_NAME), owner);
  }

  isTaskLocked(taskId: string): boolean {
    return isLocked(join(this.applicationDir, taskId, LOCK_FILE_NAME));
  }

  readCheckpoint(taskId: string): CheckpointOffsets {
    return readCheckpoint(join(this.applicationDir, taskId, CHECKPOINT_FILE_NAME));
  }

  writeCheckpoint(taskId: string, offsets: ReadonlyMap<string, number>): void {
    writeCheckpoint(join(this.taskDir(taskId), CHECKPOINT_FILE_NAME), offsets);
  }

  deleteCheckpoint(taskId: string): void {
    deleteCheckpoint(join(this.applicationDir, taskId, CHECKPOINT_FILE_NAME));
  }

  /**
   * Exactly-once: the local state of a task is only known to hold committed data when a checkpoint
   * vouches for it (written on a clean close, deleted while the task runs). A task directory with files
   * but no readable checkpoint was left by a crash or a dirty close: its stores may hold uncommitted
   * writes, so everything in it but the lock goes (Kafka's TaskCorruptedException on init). Returns true
   * when something was wiped. The caller holds the task lock and has no store of the task open.
   */
  wipeUnlessCheckpointed(taskId: string): boolean {
    try {
      if (existsSync(join(this.applicationDir, taskId, CHECKPOINT_FILE_NAME)) && this.readCheckpoint(taskId).size > 0) return false;
    } catch {
      // unreadable: not a checkpoint
    }
    return this.wipeTaskState(taskId);
  }

  /** Deletes the task's stores and checkpoint (keeps the directory and its lock). Returns true if anything went. */
  wipeTaskState(taskId: string): boolean {
    const dir = join(this.applicationDir, taskId);
    if (!existsSync(dir)) return false;
    let wiped = false;
    for (const name of readdirSync(dir)) {
      if (name === LOCK_FILE_NAME) continue;
      rmSync(join(dir, name), { recursive: true, force: true, maxRetries: 3 });
      wiped = true;
    }
    return wiped;
  }

  /** Task ids that have a directory here. */
  listTaskDirs(): string[] {
    if (!existsSync(this.applicationDir)) return [];
    return readdirSync(this.applicationDir, { withFileTypes: true })
      .filter((d) => d.isDirectory() && TASK_DIR.test(d.name))
      .map((d) => d.name)
      .sort();
  }

  /**
   * Sum of checkpointed changelog offsets per task with local state that nobody else holds: what the
   * instance reports in its subscription so the assignor can compute lags. Unreadable checkpoints count as none.
   */
  taskOffsetSums(heldByMe: ReadonlySet<string> = new Set()): Map<string, number> {
    const sums = new Map<string, number>();
    for (const task of this.listTaskDirs()) {
      if (!heldByMe.has(task) && this.isTaskLocked(task)) continue;
      try {
        const offsets = this.readCheckpoint(task);
        if (offsets.size === 0) continue;
        let sum = 0;
        for (const o of offsets.values()) sum += o;
        sums.set(task, sum);
      } catch {
        // corrupt checkpoint: no usable state
      }
    }
    return sums;
  }

  /**
   * Deletes task directories not locked by anyone and untouched for `olderThanMs` (state.cleanup.delay.ms):
   * the state of tasks that moved elsewhere for good. Returns the removed task ids.
   */
  cleanRemovedTasks(options: { olderThanMs: number; nowMs?: number; owner?: string }): string[] {
    const now = options.nowMs ?? Date.now();
    const owner = options.owner ?? `cleaner-${this.instanceToken}`;
    const removed: string[] = [];
    for (const task of this.listTaskDirs()) {
      const dir = join(this.applicationDir, task);
      if (now - lastModified(dir) < options.olderThanMs) continue;
      if (!this.lockTask(task, owner)) continue;
      rmSync(dir, { recursive: true, force: true });
      removed.push(task);
    }
    return removed;
  }

  /**
   * `KafkaStreams.cleanUp()`: removes all local state of the application. Refused while another instance
   * runs with this directory or any task directory is held.
   */
  cleanUp(): void {
    if (!existsSync(this.applicationDir)) return;
    const appLock = join(this.applicationDir, LOCK_FILE_NAME);
    if (!this.instanceLocked && isLocked(appLock)) {
      throw new StateDirectoryError('INSTANCE_RUNNING', `cannot clean up ${this.applicationDir}: an instance is running with it`);
    }
    const owner = `cleanup-${this.instanceToken}`;
    const taken: string[] = [];
    for (const task of this.listTaskDirs()) {
      if (!this.lockTask(task, owner)) {
        for (const t of taken) this.unlockTask(t, owner);
        throw new StateDirectoryError('TASK_DIR_LOCKED', `cannot clean up task ${task}: its directory is locked`, true);
      }
      taken.push(task);
    }
    for (const task of this.listTaskDirs()) rmSync(join(this.applicationDir, task), { recursive: true, force: true });
    if (!this.instanceLocked) rmSync(this.applicationDir, { recursive: true, force: true });
  }
}

function lastModified(dir: string): number {
  let latest = statSync(dir).mtimeMs;
  for (const name of readdirSync(dir)) {
    if (name === LOCK_FILE_NAME) continue;
    try {
      latest = Math.max(latest, statSync(join(dir, name)).mtimeMs);
    } catch {
      // vanished meanwhile
    }
  }
  return latest;
}
