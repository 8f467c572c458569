import { closeSync, fsyncSync, openSync, readFileSync, renameSync, writeSync } from 'node:fs';
import { StateStoreError } from './errors.js';

/** A changelog partition and the offset its stores are restored up to. */
export interface CheckpointEntry {
  topic: string;
  partition: number;
  offset: number;
}

const VERSION = 0;

/**
 * The checkpoint file of a task's state directory (Kafka Streams' `OffsetCheckpoint`, same text
 * format): a version line, a count line, then `topic partition offset` lines. Written to a temporary
 * file, synced and renamed, so a crash leaves the old or the new file, never half of one. Write it
 * only after the stores are flushed: restoration starts from these offsets.
 */
export class OffsetCheckpoint {
  constructor(readonly path: string) {}

  write(entries: readonly CheckpointEntry[]): void {
    const lines = [String(VERSION), String(entries.length)];
    for (const e of entries) {
      if (/\s/.test(e.topic)) throw new StateStoreError('INVALID_ARGUMENT', `checkpoint: topic name with whitespace: ${e.topic}`);
      lines.push(`${e.topic} ${e.partition} ${e.offset}`);
    }
    const tmp = `${this.path}.tmp`;
    const fd = openSync(tmp, 'w');
    try {
      writeSync(fd, lines.join('\n') + '\n');
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(tmp, this.path);
  }

  /** the entries, or none when there is no checkpoint file */
  read(): CheckpointEntry[] {
    let text: string;
    try {
      text = readFileSync(this.path, 'utf8');
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw e;
    }
    const lines = text.split('\n').filter((l) => l.length > 0);
    const bad = (why: string): StateStoreError => new StateStoreError('BACKEND_FAILURE', `malformed checkpoint file ${this.path}: ${why}`);
    if (Number(lines[0]) !== VERSION) throw bad(`unknown version ${lines[0]}`);
    const count = Number(lines[1]);
    if (!Number.isInteger(count) || count !== lines.length - 2) throw bad(`expected ${lines[1]} entries, found ${lines.length - 2}`);
    return lines.slice(2).map((line) => {
      const parts = line.split(' ');
      const partition = Number(parts[1]);
      const offset = Number(parts[2]);
      if (parts.length !== 3 || !Number.isInteger(partition) || !Number.isInteger(offset)) throw bad(`line "${line}"`);
      return { topic: parts[0]!, partition, offset };
    });
  }
}
