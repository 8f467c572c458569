// A partition log on disk: a directory of segments, the last one active. See segment.ts for the file
// layout. Recovery on open validates the last segment batch by batch and truncates a torn tail.
import { existsSync, mkdirSync, readFileSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { readBatchInfo } from './batch-header.js';
import { setBaseOffset, setPartitionLeaderEpoch } from '../../protocol/records/index.js';
import type { BatchInfo } from './batch-header.js';
import { Segment, segmentFileName } from './segment.js';
import type { RecoveryReport } from './segment.js';
import type { AppendedBatch, FsyncPolicy, LogSettings, PartitionLog, ReadResult, TimestampHit } from './partition-log.js';

const START_OFFSET_FILE = 'log-start-offset';

export interface DiskLogOptions {
  readonly dir: string;
  readonly settings: LogSettings;
  readonly fsync: FsyncPolicy;
  /** Told about bytes cut from a torn tail during recovery. */
  readonly onRecovery?: (report: RecoveryReport & { readonly segment: string }) => void;
}

export class DiskLog implements PartitionLog {
  private segments: Segment[] = [];
  private start = 0;
  private dirty = false;
  settings: LogSettings;

  constructor(private readonly options: DiskLogOptions) {
    this.settings = options.settings;
    mkdirSync(options.dir, { recursive: true });
    const bases = readdirSync(options.dir)
      .filter((f) => /^\d{20}\.log$/.test(f))
      .map((f) => Number(f.slice(0, 20)))
      .sort((a, b) => a - b);
    for (let i = 0; i < bases.length; i++) {
      const last = i === bases.length - 1;
      const { segment, report } = Segment.open(options.dir, bases[i]!, this.segmentOptions(), last);
      if (report.truncatedBytes > 0) options.onRecovery?.({ ...report, segment: join(options.dir, String(bases[i])) });
      this.segments.push(segment);
    }
    if (this.segments.length === 0) this.segments.push(Segment.create(options.dir, 0, this.segmentOptions()));
    const startFile = join(options.dir, START_OFFSET_FILE);
    const saved = existsSync(startFile) ? Number(readFileSync(startFile, 'utf8').trim()) : NaN;
    this.start = Number.isSafeInteger(saved) ? Math.min(Math.max(saved, this.segments[0]!.baseOffset), this.logEndOffset) : this.segments[0]!.baseOffset;
  }

  private segmentOptions() {
    return { indexIntervalBytes: this.settings.indexIntervalBytes };
  }

  private get active(): Segment {
    return this.segments[this.segments.length - 1]!;
  }

  get logStartOffset(): number {
    return this.start;
  }
  get logEndOffset(): number {
    return this.active.nextOffset;
  }
  get sizeInBytes(): number {
    let n = 0;
    for (const s of this.segments) n += s.size;
    return n;
  }

  append(batch: Buffer, leaderEpoch: number): AppendedBatch {
    const offset = this.logEndOffset;
    setBaseOffset(batch, offset);
    setPartitionLeaderEpoch(batch, leaderEpoch);
    const info = readBatchInfo(batch, 0);
    const active = this.active;
    if (active.size > 0 && (active.size + batch.length > this.settings.segmentBytes || Date.now() - active.createdAt > this.settings.segmentMs)) {
      active.sync();
      this.segments.push(Segment.create(this.options.dir, offset, this.segmentOptions()));
    }
    this.active.append(batch, info);
    if (this.options.fsync.kind === 'always') this.active.sync();
    else this.dirty = true;
    return { baseOffset: info.baseOffset, lastOffset: info.lastOffset, maxTimestamp: info.maxTimestamp };
  }

  /** Index of the last segment whose base offset is <= offset (0 if none). */
  private segmentIndexOf(offset: number): number {
    let lo = 0;
    let hi = this.segments.length - 1;
    let found = 0;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      if (this.segments[mid]!.baseOffset <= offset) {
        found = mid;
        lo = mid + 1;
      } else hi = mid - 1;
    }
    return found;
  }

  read(offset: number, maxBytes: number, minOneBatch: boolean): ReadResult {
    if (offset >= this.logEndOffset) return { chunks: [], bytes: 0 };
    for (let i = this.segmentIndexOf(offset); i < this.segments.length; i++) {
      const buf = this.segments[i]!.read(offset, maxBytes, minOneBatch);
      if (buf) return { chunks: [buf], bytes: buf.length };
    }
    return { chunks: [], bytes: 0 };
  }

  offsetForTimestamp(timestamp: number): TimestampHit | undefined {
    for (const s of this.segments) {
      if (s.nextOffset <= this.start) continue;
      const hit = s.offsetForTimestamp(timestamp, this.start);
      if (hit) return hit;
    }
    return undefined;
  }

  maxTimestamp(): TimestampHit | undefined {
    let best: TimestampHit | undefined;
    for (const s of this.segments) {
      if (s.maxTimestamp >= 0 && (!best || s.maxTimestamp > best.timestamp)) best = { offset: s.maxTimestampOffset, timestamp: s.maxTimestamp };
    }
    return best;
  }

  forEachBatch(visit: (info: BatchInfo) => void): void {
    for (const s of this.segments) s.scanFrom(0, false, visit);
  }

  cleanableEndOffset(upTo: number): number {
    // The base offset of the last segment starting at or below upTo; the active segment never.
    let end = this.segments[0]!.baseOffset;
    for (let i = 1; i < this.segments.length; i++) {
      const base = this.segments[i]!.baseOffset;
      if (base <= upTo) end = base;
    }
    return end;
  }

  replaceBefore(endOffset: number, batches: readonly Buffer[]): void {
    const count = this.segments.findIndex((s) => s.baseOffset >= endOffset);
    if (count <= 0) return;
    const base = this.segments[0]!.baseOffset;
    // Write the cleaned segment beside the old ones, then swap the files in.
    const tmp = join(this.options.dir, 'cleaning');
    rmSync(tmp, { recursive: true, force: true });
    mkdirSync(tmp);
    const cleaned = Segment.create(tmp, base, this.segmentOptions());
    for (const b of batches) cleaned.append(b, readBatchInfo(b, 0));
    cleaned.sync();
    cleaned.close();
    for (const old of this.segments.splice(0, count)) old.destroy();
    for (const suffix of ['.log', '.index', '.timeindex']) {
      const name = segmentFileName(base, suffix);
      if (existsSync(join(tmp, name))) renameSync(join(tmp, name), join(this.options.dir, name));
    }
    rmSync(tmp, { recursive: true, force: true });
    this.segments.unshift(Segment.open(this.options.dir, base, this.segmentOptions(), false).segment);
  }

  deleteRecordsBefore(offset: number): void {
    if (offset <= this.start) return;
    this.start = Math.min(offset, this.logEndOffset);
    while (this.segments.length > 0 && this.segments[0]!.nextOffset <= this.start && this.segments[0]!.size > 0) {
      const gone = this.segments.shift()!;
      gone.destroy();
    }
    if (this.segments.length === 0) this.segments.push(Segment.create(this.options.dir, this.start, this.segmentOptions()));
    const file = join(this.options.dir, START_OFFSET_FILE);
    writeFileSync(file + '.tmp', String(this.start));
    renameSync(file + '.tmp', file);
  }

  /** Syncs the active segment if anything was appended since the last flush. */
  flush(): void {
    if (!this.dirty) return;
    this.active.sync();
    this.dirty = false;
  }

  close(): void {
    this.flush();
    for (const s of this.segments) s.close();
    this.segments = [];
  }

  destroy(): void {
    for (const s of this.segments) s.close();
    this.segments = [];
    rmSync(this.options.dir, { recursive: true, force: true });
  }
}
