// Sparse offset index of one segment: fixed 8-byte entries (offset relative to the segment's base as
// int32, byte position in the .log as int32), appended every index.interval.bytes of log. Kept in
// memory as well, so a lookup is a binary search with no I/O.
import { closeSync, fstatSync, ftruncateSync, openSync, readSync, writeSync } from 'node:fs';

const ENTRY = 8;

export class OffsetIndex {
  private readonly fd: number;
  private relOffsets: number[] = [];
  private positions: number[] = [];

  constructor(readonly path: string) {
    this.fd = openSync(path, 'a+');
  }

  /** Loads the entries stored in the file; false when the file is not a whole number of entries or not increasing. */
  load(segmentSize: number): boolean {
    const size = fstatSync(this.fd).size;
    if (size % ENTRY !== 0) return false;
    const buf = Buffer.alloc(size);
    if (size > 0) readSync(this.fd, buf, 0, size, 0);
    this.relOffsets = [];
    this.positions = [];
    for (let at = 0; at < size; at += ENTRY) {
      const rel = buf.readInt32BE(at);
      const pos = buf.readInt32BE(at + 4);
      const n = this.relOffsets.length;
      if (pos >= segmentSize || (n > 0 && (rel <= this.relOffsets[n - 1]! || pos <= this.positions[n - 1]!))) return false;
      this.relOffsets.push(rel);
      this.positions.push(pos);
    }
    return true;
  }

  /** Empties the index (file and memory), before a rebuild. */
  reset(): void {
    ftruncateSync(this.fd, 0);
    this.relOffsets = [];
    this.positions = [];
  }

  append(relOffset: number, position: number): void {
    const entry = Buffer.allocUnsafe(ENTRY);
    entry.writeInt32BE(relOffset, 0);
    entry.writeInt32BE(position, 4);
    writeSync(this.fd, entry, 0, ENTRY);
    this.relOffsets.push(relOffset);
    this.positions.push(position);
  }

  /** Position of the last indexed batch starting at or before `relOffset` (0 when none). */
  lookup(relOffset: number): number {
    let lo = 0;
    let hi = this.relOffsets.length - 1;
    let found = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      if (this.relOffsets[mid]! <= relOffset) {
        found = mid;
        lo = mid + 1;
      } else hi = mid - 1;
    }
    return found < 0 ? 0 : this.positions[found]!;
  }

  get entries(): number {
    return this.relOffsets.length;
  }

  get lastPosition(): number {
    return this.positions.length ? this.positions[this.positions.length - 1]! : 0;
  }

  sync(): void {
    // Index files are rebuilt from the log on recovery when in doubt; no fsync needed for safety.
  }

  close(): void {
    closeSync(this.fd);
  }
}
