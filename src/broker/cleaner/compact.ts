// Compaction of one range of a partition log: keeps the last record of every key, drops records of
// aborted transactions, drops tombstones and transaction markers older than delete.retention.ms.
// Offsets are never reused: surviving records keep their offsets, and a rewritten batch keeps its
// base offset, last offset delta and producer fields (so producer state stays valid).
// Two passes over the range, batch by batch, so the caller can stream it in chunks: observe() every
// batch (builds the key -> last offset map), then rebuild() every batch.
import { RecordBatch, encodeRecordBatch } from '../../protocol/records/index.js';
import type { AbortedTxn } from '../txn/partition-txn-index.js';

export interface CompactOptions {
  readonly now: number;
  /** delete.retention.ms: how long tombstones and transaction markers outlive compaction. */
  readonly deleteRetentionMs: number;
  /** Aborted transactions of the partition: their data is discarded. */
  readonly aborted: readonly AbortedTxn[];
}

export interface CompactResult {
  readonly batches: Buffer[];
  readonly recordsIn: number;
  readonly recordsOut: number;
  readonly bytesIn: number;
  readonly bytesOut: number;
  /** When the oldest kept tombstone or marker passes delete.retention.ms (a reason to clean again). */
  readonly nextExpiry: number;
}

function keyOf(key: Buffer | null): string | null {
  return key === null ? null : key.toString('latin1');
}

export class Compactor {
  private readonly last = new Map<string, number>();
  private readonly horizon: number;
  readonly out: Buffer[] = [];
  recordsIn = 0;
  recordsOut = 0;
  bytesIn = 0;
  bytesOut = 0;
  nextExpiry = Infinity;

  constructor(private readonly options: CompactOptions) {
    this.horizon = options.now - options.deleteRetentionMs;
  }

  private isAborted(producerId: number, offset: number): boolean {
    for (const a of this.options.aborted) if (a.producerId === producerId && a.firstOffset <= offset && offset <= a.lastOffset) return true;
    return false;
  }

  /** Pass 1. */
  observe(bytes: Buffer): void {
    this.bytesIn += bytes.length;
    const batch = new RecordBatch(bytes);
    this.recordsIn += batch.recordCount;
    if (batch.isControl) return;
    if (batch.isTransactional && this.isAborted(batch.producerId, batch.baseOffset)) return;
    const base = batch.baseOffset;
    batch.forEachRecord((r) => {
      const k = keyOf(r.key);
      if (k !== null) this.last.set(k, base + r.offsetDelta);
    });
  }

  /** Producers with surviving transactional data not yet followed by their marker (pass 2). */
  private readonly openKept = new Set<number>();

  /** Sorted offsets of the surviving records, built once before pass 2. */
  private live: Float64Array | null = null;

  private hasLiveRecord(first: number, last: number): boolean {
    if (this.live === null) this.live = Float64Array.from(this.last.values()).sort();
    const live = this.live;
    let lo = 0;
    let hi = live.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (live[mid]! < first) lo = mid + 1;
      else hi = mid;
    }
    return lo < live.length && live[lo]! <= last;
  }

  /** Pass 2: the batch to keep (itself, rewritten, or nothing). */
  rebuild(bytes: Buffer): void {
    const batch = new RecordBatch(bytes);
    // Most batches of a busy compacted topic hold no surviving record: drop them without decoding.
    if (!batch.isControl && !this.hasLiveRecord(batch.baseOffset, batch.lastOffset)) return;
    const { deleteRetentionMs } = this.options;
    if (batch.isControl) {
      // A marker whose transaction still has data here stays (without it the data would look open
      // forever after a restart); otherwise it goes once delete.retention.ms has passed.
      const closesKeptData = this.openKept.delete(batch.producerId);
      if (closesKeptData || batch.maxTimestamp >= this.horizon) {
        this.keep(bytes, batch.recordCount);
        this.nextExpiry = Math.min(this.nextExpiry, batch.maxTimestamp + deleteRetentionMs);
      }
      return;
    }
    if (batch.isTransactional && this.isAborted(batch.producerId, batch.baseOffset)) return;
    const base = batch.baseOffset;
    const kept = batch.toRecords().filter((r) => {
      const k = keyOf(r.key);
      if (k === null) return false; // compacted topics need keys; Kafka drops keyless records too
      if (this.last.get(k) !== base + r.offsetDelta) return false;
      if (r.value !== null) return true;
      if (r.timestamp < this.horizon) return false;
      this.nextExpiry = Math.min(this.nextExpiry, r.timestamp + deleteRetentionMs);
      return true;
    });
    if (kept.length > 0 && batch.isTransactional) this.openKept.add(batch.producerId);
    if (kept.length === batch.recordCount) {
      this.keep(Buffer.from(bytes), kept.length); // own copy: the source chunk goes away
    } else if (kept.length > 0) {
      this.keep(
        encodeRecordBatch({
          records: kept.map((r) => ({ key: r.key, value: r.value, headers: r.headers, timestamp: r.timestamp, offsetDelta: r.offsetDelta })),
          baseOffset: base,
          partitionLeaderEpoch: batch.partitionLeaderEpoch,
          compression: batch.compression,
          timestampType: batch.timestampType === 1 ? 'logAppendTime' : 'createTime',
          transactional: batch.isTransactional,
          producerId: batch.producerId,
          producerEpoch: batch.producerEpoch,
          baseSequence: batch.baseSequence,
          lastOffsetDelta: batch.lastOffsetDelta,
          maxTimestamp: batch.maxTimestamp,
        }),
        kept.length,
      );
    }
  }

  private keep(b: Buffer, n: number): void {
    this.out.push(b);
    this.recordsOut += n;
    this.bytesOut += b.length;
  }

  result(): CompactResult {
    const { out: batches, recordsIn, recordsOut, bytesIn, bytesOut, nextExpiry } = this;
    return { batches, recordsIn, recordsOut, bytesIn, bytesOut, nextExpiry };
  }
}

/** Both passes over batches held in memory. */
export function compactBatches(batches: readonly Buffer[], options: CompactOptions): CompactResult {
  const c = new Compactor(options);
  for (const b of batches) c.observe(b);
  for (const b of batches) c.rebuild(b);
  return c.result();
}
