// Sparse time index of one segment: fixed 12-byte entries (max timestamp so far as int64, offset
// relative to the segment's base as int32), added next to offset-index entries whenever the max
// timestamp has grown. Timestamps are non-decreasing, so a lookup is a binary search.
import { closeSync, fstatSync, ftruncateSync, openSync, readSync, writeSync } from 'node:fs';

const ENTRY = 12;

export class TimeIndex {
  private readonly fd: number;
  private timestamps: number[] = [];
  private relOffsets: number[] = [];

  constructor(readonly path: string) {
    this.fd = openSync(path, 'a+');
  }

  load(): boolean {
    const size = fstatSync(this.fd).size;
    if (size % ENTRY !== 0) return false;
    const buf = Buffer.alloc(size);
    if (size > 0) readSync(this.fd, buf, 0, size, 0);
    this.timestamps = [];
    this.relOffsets = [];
    for (let at = 0; at < size; at += ENTRY) {
      const ts = buf.readInt32BE(at) * 4294967296 + buf.readUInt32BE(at + 4);
      const rel = buf.readInt32BE(at + 8);
      const n = this.timestamps.length;
      if (n > 0 && (ts < this.timestamps[n - 1]! || rel < this.relOffsets[n - 1]!)) return false;
      this.timestamps.push(ts);
      this.relOffsets.push(rel);
    }
    return true;
  }

  reset(): void {
    ftruncateSync(this.fd, 0);
    this.timestamps = [];
    this.relOffsets = [];
  }

  get lastTimestamp(): number {
    return this.timestamps.length ? this.timestamps[this.timestamps.length - 1]! : -1;
  }

  append(timestamp: number, relOffset: number): void {
    if (this.timestamps.length && timestamp <= this.lastTimestamp) return;
    const entry = Buffer.allocUnsafe(ENTRY);
    entry.writeInt32BE(Math.floor(timestamp / 4294967296), 0);
    entry.writeUInt32BE(timestamp >>> 0, 4);
    entry.writeInt32BE(relOffset, 8);
    writeSync(this.fd, entry, 0, ENTRY);
    this.timestamps.push(timestamp);
    this.relOffsets.push(relOffset);
  }

  /**
   * A relative offset from which to scan for the first batch with max timestamp >= `timestamp`:
   * the offset of the last entry whose timestamp is below it (0 when none).
   */
  lookup(timestamp: number): number {
    let lo = 0;
    let hi = this.timestamps.length - 1;
    let found = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      if (this.timestamps[mid]! < timestamp) {
        found = mid;
        lo = mid + 1;
      } else hi = mid - 1;
    }
    return found < 0 ? 0 : this.relOffsets[found]!;
  }

  close(): void {
    closeSync(this.fd);
  }
}
