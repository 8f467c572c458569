// Compaction of one range of a partition log: keeps the last record of every key, drops records of
// aborted transactions, drops tombstones and transaction markers older than delete.retention.ms.
// Offsets are never reused: surviving records keep their offsets, and a rewritten batch keeps its
// base offset, last offset delta and producer fields (so producer state stays valid).
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

function isAborted(aborted: readonly AbortedTxn[], producerId: number, offset: number): boolean {
  for (const a of aborted) if (a.producerId === producerId && a.firstOffset <= offset && offset <= a.lastOffset) return true;
  return false;
}

/** `batches` must be iterable twice (an array of whole batches in offset order). */
export function compactBatches(batches: readonly Buffer[], options: CompactOptions): CompactResult {
  const { now, deleteRetentionMs, aborted } = options;
  const horizon = now - deleteRetentionMs;
  // Pass 1: the offset of the last record of each key.
  const last = new Map<string, number>();
  let recordsIn = 0;
  let bytesIn = 0;
  for (const bytes of batches) {
    bytesIn += bytes.length;
    const batch = new RecordBatch(bytes);
    recordsIn += batch.recordCount;
    if (batch.isControl) continue;
    if (batch.isTransactional && isAborted(aborted, batch.producerId, batch.baseOffset)) continue;
    const base = batch.baseOffset;
    batch.forEachRecord((r) => {
      const k = keyOf(r.key);
      if (k !== null) last.set(k, base + r.offsetDelta);
    });
  }
  // Pass 2: rebuild.
  const out: Buffer[] = [];
  let recordsOut = 0;
  let bytesOut = 0;
  let nextExpiry = Infinity;
  const keep = (b: Buffer, n: number) => {
    out.push(b);
    recordsOut += n;
    bytesOut += b.length;
  };
  for (const bytes of batches) {
    const batch = new RecordBatch(bytes);
    if (batch.isControl) {
      if (batch.maxTimestamp >= horizon) {
        keep(bytes, batch.recordCount);
        nextExpiry = Math.min(nextExpiry, batch.maxTimestamp + deleteRetentionMs);
      }
      continue;
    }
    if (batch.isTransactional && isAborted(aborted, batch.producerId, batch.baseOffset)) continue;
    const base = batch.baseOffset;
    const kept = batch.toRecords().filter((r) => {
      const k = keyOf(r.key);
      if (k === null) return false; // compacted topics need keys; Kafka drops keyless records too
      if (last.get(k) !== base + r.offsetDelta) return false;
      if (r.value !== null) return true;
      if (r.timestamp < horizon) return false;
      nextExpiry = Math.min(nextExpiry, r.timestamp + deleteRetentionMs);
      return true;
    });
    if (kept.length === batch.recordCount) {
      keep(bytes, kept.length);
    } else if (kept.length > 0) {
      const rebuilt = encodeRecordBatch({
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
      });
      keep(rebuilt, kept.length);
    }
  }
  return { batches: out, recordsIn, recordsOut, bytesIn, bytesOut, nextExpiry };
}
