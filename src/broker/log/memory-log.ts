// A partition log held in memory: an array of stored batches, searched by binary search.
import { readBatchInfo } from './batch-header.js';
import { setBaseOffset, setPartitionLeaderEpoch } from '../../protocol/records/index.js';
import type { BatchInfo } from './batch-header.js';
import type { AppendedBatch, PartitionLog, ReadResult, TimestampHit } from './partition-log.js';
import { firstRecordAtOrAfter } from './record-timestamps.js';

interface StoredBatch {
  readonly baseOffset: number;
  readonly lastOffset: number;
  readonly maxTimestamp: number;
  readonly bytes: Buffer;
}

export class MemoryLog implements PartitionLog {
  private batches: StoredBatch[] = [];
  private start = 0;
  private end = 0;
  private size = 0;

  get logStartOffset(): number {
    return this.start;
  }
  get logEndOffset(): number {
    return this.end;
  }
  get sizeInBytes(): number {
    return this.size;
  }

  append(input: Buffer, leaderEpoch: number, inKeptFrame = false): AppendedBatch {
    // A batch is usually a view into the request's frame; keeping a small view would pin the whole
    // frame, so a batch that is a small part of it is copied out, unless the frame is mostly batches
    // appended (a produce request to several partitions).
    const batch = !inKeptFrame && input.buffer.byteLength > 2 * input.length + 4096 ? Buffer.from(input) : input;
    setBaseOffset(batch, this.end);
    setPartitionLeaderEpoch(batch, leaderEpoch);
    const info = readBatchInfo(batch, 0);
    this.batches.push({ baseOffset: info.baseOffset, lastOffset: info.lastOffset, maxTimestamp: info.maxTimestamp, bytes: batch });
    this.end = info.lastOffset + 1;
    this.size += batch.length;
    return { baseOffset: info.baseOffset, lastOffset: info.lastOffset, maxTimestamp: info.maxTimestamp };
  }

  /** Index of the first batch whose lastOffset >= offset (batches.length if none). */
  private indexOf(offset: number): number {
    let lo = 0;
    let hi = this.batches.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.batches[mid]!.lastOffset < offset) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  read(offset: number, maxBytes: number, minOneBatch: boolean): ReadResult {
    const chunks: Buffer[] = [];
    let bytes = 0;
    for (let i = this.indexOf(offset); i < this.batches.length; i++) {
      const b = this.batches[i]!.bytes;
      if (bytes + b.length > maxBytes && !(minOneBatch && chunks.length === 0)) break;
      chunks.push(b);
      bytes += b.length;
    }
    return { chunks, bytes };
  }

  offsetForTimestamp(timestamp: number): TimestampHit | undefined {
    for (const b of this.batches) {
      if (b.maxTimestamp >= timestamp) return firstRecordAtOrAfter(b.bytes, timestamp, this.start);
    }
    return undefined;
  }

  maxTimestamp(): TimestampHit | undefined {
    let best: StoredBatch | undefined;
    for (const b of this.batches) if (!best || b.maxTimestamp > best.maxTimestamp) best = b;
    return best ? { offset: best.lastOffset, timestamp: best.maxTimestamp } : undefined;
  }

  forEachBatch(visit: (info: BatchInfo) => void): void {
    for (const b of this.batches) visit(readBatchInfo(b.bytes, 0));
  }

  cleanableEndOffset(upTo: number): number {
    return Math.min(upTo, this.end);
  }

  replaceBefore(endOffset: number, batches: readonly Buffer[]): void {
    const keep = this.batches.filter((b) => b.baseOffset >= endOffset);
    const fresh = batches.map((bytes) => {
      const info = readBatchInfo(bytes, 0);
      return { baseOffset: info.baseOffset, lastOffset: info.lastOffset, maxTimestamp: info.maxTimestamp, bytes };
    });
    this.batches = [...fresh, ...keep];
    this.size = 0;
    for (const b of this.batches) this.size += b.bytes.length;
  }

  deleteRecordsBefore(offset: number): void {
    if (offset <= this.start) return;
    this.start = Math.min(offset, this.end);
    // Drop batches that end before the new start; a batch straddling it stays (readers skip records).
    const keepFrom = this.indexOf(this.start);
    for (let i = 0; i < keepFrom; i++) this.size -= this.batches[i]!.bytes.length;
    this.batches = this.batches.slice(keepFrom);
  }

  flush(): void {}
  close(): void {}
  destroy(): void {
    this.batches = [];
    this.size = 0;
  }
}
