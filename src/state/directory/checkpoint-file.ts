// Checkpoint of a task's stores: the changelog offset each store has applied up to (the next offset to
// restore from). Kafka's text layout: a version line, a count line, then `topic partition offset` lines.
// Written to a temporary file, fsynced, then renamed over the old one: a crash leaves old or new, never half.
import { closeSync, fsyncSync, openSync, readFileSync, renameSync, unlinkSync, writeSync } from 'node:fs';

export const CHECKPOINT_FILE_NAME = '.checkpoint';
const VERSION = 0;

export class CheckpointError extends Error {
  override readonly name = 'CheckpointError';
  readonly code = 'CORRUPT_CHECKPOINT';
  readonly retriable = false;
}

/** `topic:partition` -> offset */
export type CheckpointOffsets = Map<string, number>;

export function checkpointKey(topic: string, partition: number): string {
  return `${topic}:${partition}`;
}

export function writeCheckpoint(path: string, offsets: ReadonlyMap<string, number>): void {
  const lines = [String(VERSION), String(offsets.size)];
  for (const [key, offset] of offsets) {
    const sep = key.lastIndexOf(':');
    if (!Number.isSafeInteger(offset) || offset < 0) throw new CheckpointError(`invalid checkpoint offset ${offset} for ${key}`);
    lines.push(`${key.slice(0, sep)} ${key.slice(sep + 1)} ${offset}`);
  }
  const tmp = `${path}.tmp`;
  const fd = openSync(tmp, 'w');
  try {
    writeSync(fd, lines.join('\n') + '\n');
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(tmp, path);
}

/** Reads a checkpoint; an absent file is an empty checkpoint. */
export function readCheckpoint(path: string): CheckpointOffsets {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return new Map();
    throw e;
  }
  const lines = text.split('\n').filter((l) => l.length > 0);
  if (lines.length < 2 || Number(lines[0]) !== VERSION) throw new CheckpointError(`checkpoint ${path}: unknown version or truncated`);
  const count = Number(lines[1]);
  if (!Number.isInteger(count) || count !== lines.length - 2) throw new CheckpointError(`checkpoint ${path}: expected ${lines[1]} entries, found ${lines.length - 2}`);
  const out: CheckpointOffsets = new Map();
  for (const line of lines.slice(2)) {
    const m = /^(\S+) (\d+) (-?\d+)$/.exec(line);
    if (!m) throw new CheckpointError(`checkpoint ${path}: malformed line "${line}"`);
    out.set(checkpointKey(m[1]!, Number(m[2])), Number(m[3]));
  }
  return out;
}

export function deleteCheckpoint(path: string): void {
  try {
    unlinkSync(path);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
  }
}
