// One segment of a disk log: `<baseOffset:20 digits>.log` with its `.index` and `.timeindex`.
// Appends are synchronous writes of whole batches; `size` only grows after a batch is fully written,
// and readers never look past `size`, so a partially written batch is never visible.
import { closeSync, fdatasyncSync, fstatSync, ftruncateSync, openSync, readSync, rmSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { BATCH_HEADER_SIZE, checkBatch, readBatchInfo } from './batch-header.js';
import type { BatchInfo } from './batch-header.js';
import { OffsetIndex } from './offset-index.js';
import { TimeIndex } from './time-index.js';
import { firstRecordAtOrAfter } from './record-timestamps.js';
import type { TimestampHit } from './partition-log.js';

const SCAN_CHUNK = 1 << 20;

export function segmentFileName(baseOffset: number, suffix: string): string {
  return String(baseOffset).padStart(20, '0') + suffix;
}

export interface SegmentOptions {
  readonly indexIntervalBytes: number;
}

export interface RecoveryReport {
  /** Bytes cut from the end of the segment because they did not form whole, intact batches. */
  readonly truncatedBytes: number;
  readonly reason?: string;
}

export class Segment {
  readonly fd: number;
  readonly offsetIndex: OffsetIndex;
  readonly timeIndex: TimeIndex;
  size = 0;
  /** Offset after the last batch (== baseOffset while empty). */
  nextOffset: number;
  maxTimestamp = -1;
  maxTimestampOffset = -1;
  readonly createdAt = Date.now();
  private bytesSinceIndexEntry = 0;
  private readonly header = Buffer.allocUnsafe(BATCH_HEADER_SIZE);

  private constructor(
    readonly dir: string,
    readonly baseOffset: number,
    private readonly options: SegmentOptions,
  ) {
    this.fd = openSync(join(dir, segmentFileName(baseOffset, '.log')), 'a+');
    this.offsetIndex = new OffsetIndex(join(dir, segmentFileName(baseOffset, '.index')));
    this.timeIndex = new TimeIndex(join(dir, segmentFileName(baseOffset, '.timeindex')));
    this.nextOffset = baseOffset;
  }

  static create(dir: string, baseOffset: number, options: SegmentOptions): Segment {
    const s = new Segment(dir, baseOffset, options);
    s.offsetIndex.reset();
    s.timeIndex.reset();
    return s;
  }

  /**
   * Opens an existing segment. With `recover`, every batch is validated (length, magic, CRC-32C), a torn
   * or corrupt tail is truncated, and the indexes are rebuilt. Without it, the indexes are loaded and the
   * segment is rebuilt only if they are not usable.
   */
  static open(dir: string, baseOffset: number, options: SegmentOptions, recover: boolean): { segment: Segment; report: RecoveryReport } {
    const s = new Segment(dir, baseOffset, options);
    s.size = fstatSync(s.fd).size;
    if (!recover && s.offsetIndex.load(s.size) && s.timeIndex.load()) {
      // Find the end offset and max timestamp by scanning from the last indexed position.
      s.scanFrom(s.offsetIndex.lastPosition, false, (info) => {
        s.nextOffset = info.lastOffset + 1;
        if (info.maxTimestamp > s.maxTimestamp) {
          s.maxTimestamp = info.maxTimestamp;
          s.maxTimestampOffset = info.lastOffset;
        }
      });
      if (s.timeIndex.lastTimestamp > s.maxTimestamp) s.maxTimestamp = s.timeIndex.lastTimestamp;
      return { segment: s, report: { truncatedBytes: 0 } };
    }
    return { segment: s, report: s.rebuild() };
  }

  /** Validates every batch, truncates the tail after the last good one, rebuilds both indexes. */
  private rebuild(): RecoveryReport {
    this.offsetIndex.reset();
    this.timeIndex.reset();
    const fileSize = this.size;
    this.size = 0;
    this.nextOffset = this.baseOffset;
    this.maxTimestamp = -1;
    this.bytesSinceIndexEntry = 0;
    const { validEnd, reason } = this.scanFrom(0, true, (info) => this.track(info));
    this.size = validEnd;
    if (validEnd < fileSize) {
      ftruncateSync(this.fd, validEnd);
      fdatasyncSync(this.fd);
    }
    return reason === undefined ? { truncatedBytes: fileSize - validEnd } : { truncatedBytes: fileSize - validEnd, reason };
  }

  /** Updates end offset, max timestamp and the sparse indexes for a batch at `info.position`. */
  private track(info: BatchInfo): void {
    if (this.bytesSinceIndexEntry >= this.options.indexIntervalBytes) {
      this.offsetIndex.append(info.baseOffset - this.baseOffset, info.position);
      if (info.maxTimestamp > this.timeIndex.lastTimestamp && this.maxTimestamp >= 0) {
        this.timeIndex.append(this.maxTimestamp, this.maxTimestampOffset - this.baseOffset);
      }
      this.bytesSinceIndexEntry = 0;
    }
    this.bytesSinceIndexEntry += info.size;
    this.nextOffset = info.lastOffset + 1;
    if (info.maxTimestamp > this.maxTimestamp) {
      this.maxTimestamp = info.maxTimestamp;
      this.maxTimestampOffset = info.lastOffset;
    }
  }

  /**
   * Walks batch headers from `position` to the end of the segment's valid bytes, reading in chunks.
   * Returns where the last whole (and, with `checkCrc`, intact) batch ends.
   */
  scanFrom(position: number, checkCrc: boolean, visit: (info: BatchInfo) => void): { validEnd: number; reason?: string } {
    const limit = fstatSync(this.fd).size;
    let chunk = Buffer.allocUnsafe(Math.min(SCAN_CHUNK, Math.max(limit - position, 0)));
    let chunkStart = position;
    let chunkLen = readInto(this.fd, chunk, chunkStart, limit);
    let pos = position;
    while (pos < limit) {
      let rel = pos - chunkStart;
      let check = checkBatch(chunk, rel, chunkLen, checkCrc);
      if (check.kind === 'incomplete' && chunkStart + chunkLen < limit) {
        // The batch runs past this chunk: read a new chunk starting at it, large enough to hold it.
        const need = chunkLen - rel >= 12 ? chunk.readInt32BE(rel + 8) + 12 : SCAN_CHUNK;
        if (need > limit - pos) return { validEnd: pos, reason: 'batch runs past the end of the file' };
        chunk = Buffer.allocUnsafe(Math.max(SCAN_CHUNK, need));
        chunkStart = pos;
        chunkLen = readInto(this.fd, chunk, chunkStart, limit);
        rel = 0;
        check = checkBatch(chunk, rel, chunkLen, checkCrc);
      }
      if (check.kind === 'incomplete') return { validEnd: pos, reason: 'incomplete batch at the end' };
      if (check.kind === 'corrupt') return { validEnd: pos, reason: check.reason };
      const info = readBatchInfo(chunk, rel);
      visit({ ...info, position: pos });
      pos += check.size;
    }
    return { validEnd: pos };
  }

  append(batch: Buffer, info: BatchInfo): void {
    let written = 0;
    while (written < batch.length) written += writeSync(this.fd, batch, written, batch.length - written, this.size + written);
    this.track({ ...info, position: this.size });
    this.size += batch.length;
  }

  sync(): void {
    fdatasyncSync(this.fd);
  }

  private readHeader(position: number): BatchInfo | undefined {
    if (position + BATCH_HEADER_SIZE > this.size) return undefined;
    readSync(this.fd, this.header, 0, BATCH_HEADER_SIZE, position);
    return { ...readBatchInfo(this.header, 0), position };
  }

  /** Position of the first batch with lastOffset >= offset, or -1. */
  private positionOf(offset: number): number {
    let pos = this.offsetIndex.lookup(offset - this.baseOffset);
    while (pos < this.size) {
      const h = this.readHeader(pos);
      if (!h) return -1;
      if (h.lastOffset >= offset) return pos;
      pos += h.size;
    }
    return -1;
  }

  /** Whole batches from the one holding `offset`, up to maxBytes (at least one if minOneBatch). */
  read(offset: number, maxBytes: number, minOneBatch: boolean): Buffer | undefined {
    const start = this.positionOf(offset);
    if (start < 0) return undefined;
    const available = this.size - start;
    let buf = Buffer.allocUnsafe(Math.min(maxBytes, available));
    readInto(this.fd, buf, start, this.size);
    let cut = 0;
    while (cut + 12 <= buf.length) {
      const size = buf.readInt32BE(cut + 8) + 12;
      if (cut + size > buf.length) break;
      cut += size;
    }
    if (cut === 0) {
      if (!minOneBatch) return undefined;
      const h = this.readHeader(start)!;
      buf = Buffer.allocUnsafe(h.size);
      readInto(this.fd, buf, start, this.size);
      return buf;
    }
    return cut === buf.length ? buf : buf.subarray(0, cut);
  }

  /** First record with timestamp >= `timestamp` in this segment, if any. */
  offsetForTimestamp(timestamp: number, minOffset: number): TimestampHit | undefined {
    if (this.maxTimestamp < timestamp) return undefined;
    let pos = this.offsetIndex.lookup(this.timeIndex.lookup(timestamp));
    while (pos < this.size) {
      const h = this.readHeader(pos);
      if (!h) return undefined;
      if (h.maxTimestamp >= timestamp && h.lastOffset >= minOffset) {
        const batch = Buffer.allocUnsafe(h.size);
        readInto(this.fd, batch, pos, this.size);
        return firstRecordAtOrAfter(batch, timestamp, minOffset);
      }
      pos += h.size;
    }
    return undefined;
  }

  close(): void {
    closeSync(this.fd);
    this.offsetIndex.close();
    this.timeIndex.close();
  }

  destroy(): void {
    this.close();
    for (const suffix of ['.log', '.index', '.timeindex']) rmSync(join(this.dir, segmentFileName(this.baseOffset, suffix)), { force: true });
  }
}

/** Reads `buf.length` bytes (or up to `limit`) from `position`; returns how many were read. */
function readInto(fd: number, buf: Buffer, position: number, limit: number): number {
  const want = Math.min(buf.length, limit - position);
  let got = 0;
  while (got < want) {
    const n = readSync(fd, buf, got, want - got, position + got);
    if (n === 0) break;
    got += n;
  }
  return got;
}
