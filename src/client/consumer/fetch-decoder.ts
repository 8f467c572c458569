// Turns the records of one partition in a Fetch response into consumer records, starting at the
// consumer's fetch offset, skipping control batches and (read_committed) aborted transactions.
import type { AbortedTransaction } from '../../protocol/messages/fetch.js';
import { readControlRecordType } from '../../protocol/records/control.js';
import { readRecordBatches } from '../../protocol/records/read-batches.js';
import type { ConsumerRecord, RecordHeader } from './types.js';

/** The headers of every record that has none (most records): one shared, frozen array. */
const NO_HEADERS: readonly RecordHeader[] = Object.freeze([]);

export interface DecodedPartition {
  records: ConsumerRecord[];
  /** Offset to fetch next (after the last complete batch). */
  nextOffset: number;
}

export function decodePartitionRecords(
  topic: string,
  partition: number,
  data: Buffer | null,
  fetchOffset: number,
  aborted: readonly AbortedTransaction[] | null | undefined,
  readCommitted: boolean,
): DecodedPartition {
  const records: ConsumerRecord[] = [];
  let nextOffset = fetchOffset;
  if (!data || data.length === 0) return { records, nextOffset };
  const { batches } = readRecordBatches(data);
  // Aborted transactions, ordered by first offset; producers whose aborted transaction is open.
  const pending = readCommitted && aborted ? [...aborted].sort((a, b) => (a.firstOffset < b.firstOffset ? -1 : 1)) : [];
  const abortedProducers = new Set<number>();
  let pi = 0;
  for (const batch of batches) {
    const base = batch.baseOffset;
    const last = batch.lastOffset;
    if (last < fetchOffset) continue;
    if (readCommitted) {
      while (pi < pending.length && Number(pending[pi]!.firstOffset) <= last) abortedProducers.add(Number(pending[pi++]!.producerId));
    }
    if (batch.isControl) {
      if (readCommitted && batch.isTransactional) {
        batch.forEachRecord((r) => {
          if (readControlRecordType(r.key) === 0) abortedProducers.delete(batch.producerId);
        });
      }
      nextOffset = batch.nextOffset;
      continue;
    }
    if (readCommitted && batch.isTransactional && abortedProducers.has(batch.producerId)) {
      nextOffset = batch.nextOffset;
      continue;
    }
    const timestampType = batch.timestampType;
    const leaderEpoch = batch.partitionLeaderEpoch;
    const logAppend = timestampType === 1 ? batch.maxTimestamp : -1;
    batch.forEachRecord((r) => {
      if (r.offset < fetchOffset) return;
      records.push({
        topic,
        partition,
        offset: r.offset,
        timestamp: logAppend >= 0 ? logAppend : r.timestamp,
        timestampType,
        key: r.key,
        value: r.value,
        headers: r.headerCount === 0 ? NO_HEADERS : r.headers,
        leaderEpoch,
      });
    });
    nextOffset = Math.max(nextOffset, batch.nextOffset, base);
  }
  return { records, nextOffset };
}
