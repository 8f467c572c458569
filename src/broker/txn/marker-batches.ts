// Record-batch helpers for transactions on the partition side: what a control batch says (commit or
// abort), and cutting a fetch's batches at the last stable offset for read_committed consumers.
import { RecordBatch, readEndTxnMarker } from '../../protocol/records/index.js';

/** 'commit' / 'abort' for a transaction marker batch, null for any other batch. */
export function markerTypeOf(batchBytes: Buffer): 'commit' | 'abort' | null {
  const batch = new RecordBatch(batchBytes);
  if (!batch.isControl) return null;
  for (const record of batch.records()) {
    const marker = readEndTxnMarker({ key: record.key, value: record.value });
    return marker === null ? null : marker.type;
  }
  return null;
}

/**
 * Keeps the whole batches that start below `endOffset` (chunks are buffers of consecutive whole
 * batches, as PartitionLog.read returns them). Returns views, no copies.
 */
export function batchesBelow(chunks: readonly Buffer[], endOffset: number): { chunks: Buffer[]; bytes: number } {
  const out: Buffer[] = [];
  let bytes = 0;
  for (const chunk of chunks) {
    let pos = 0;
    while (pos + 61 <= chunk.length) {
      const baseOffset = chunk.readInt32BE(pos) * 4294967296 + chunk.readUInt32BE(pos + 4);
      if (baseOffset >= endOffset) break;
      pos += chunk.readInt32BE(pos + 8) + 12;
    }
    pos = Math.min(pos, chunk.length);
    if (pos > 0) {
      out.push(pos === chunk.length ? chunk : chunk.subarray(0, pos));
      bytes += pos;
    }
    if (pos < chunk.length) break;
  }
  return { chunks: out, bytes };
}
