// A lock held as a file created exclusively (O_EXCL), holding who owns it: process id, host and an owner
// string (the instance's process uuid, or a thread). A lock whose process is gone (kill -9) is taken over.
import { closeSync, openSync, readFileSync, unlinkSync, writeSync } from 'node:fs';
import { hostname } from 'node:os';

export interface LockOwner {
  pid: number;
  host: string;
  owner: string;
}

export type LockResult = 'acquired' | 'already-held' | 'held-by-other';

export function readLockOwner(path: string): LockOwner | null {
  try {
    const parsed: unknown = JSON.parse(readFileSync(path, 'utf8'));
    if (typeof parsed === 'object' && parsed !== null) {
      const o = parsed as Record<string, unknown>;
      if (typeof o.pid === 'number' && typeof o.host === 'string' && typeof o.owner === 'string') return { pid: o.pid, host: o.host, owner: o.owner };
    }
    return null; // torn or foreign content: treat as stale
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
    if (e instanceof SyntaxError) return null;
    throw e;
  }
}

export function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function isStale(holder: LockOwner | null): boolean {
  if (holder === null) return true;
  if (holder.host !== hostname()) return false; // cannot tell for another machine: respect it
  return !isProcessAlive(holder.pid);
}

/** Tries to take the lock at `path` for `owner`; takes over a lock left by a dead process. */
export function tryLock(path: string, owner: string): LockResult {
  const me: LockOwner = { pid: process.pid, host: hostname(), owner };
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      const fd = openSync(path, 'wx');
      try {
        writeSync(fd, JSON.stringify(me));
      } finally {
        closeSync(fd);
      }
      return 'acquired';
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    }
    const holder = readLockOwner(path);
    if (holder !== null && holder.pid === me.pid && holder.host === me.host && holder.owner === owner) return 'already-held';
    if (!isStale(holder)) return 'held-by-other';
    try {
      unlinkSync(path); // dead holder: remove and race for it again
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
    }
  }
  return 'held-by-other';
}

/** Releases the lock if `owner` of this process holds it; returns whether it did. */
export function unlock(path: string, owner: string): boolean {
  const holder = readLockOwner(path);
  if (holder === null || holder.pid !== process.pid || holder.owner !== owner || holder.host !== hostname()) return false;
  try {
    unlinkSync(path);
    return true;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw e;
  }
}

/** true when someone alive (this process included) holds the lock */
export function isLocked(path: string): boolean {
  const holder = readLockOwner(path);
  return holder !== null && !isStale(holder);
}
