// The records of one partition from one Fetch response, decoded lazily. When the response arrives only
// the batch headers are read: batches before the fetch offset, control batches and (read_committed)
// aborted transactions are skipped there, which fixes the next fetch offset and the number of records.
// The records themselves are decoded one at a time as they are taken, so a fetched partition costs one
// object, not one (plus two buffer views) per record, until somebody asks for its records.
import type { AbortedTransaction } from '../../protocol/messages/fetch.js';
import { readControlRecordType } from '../../protocol/records/control.js';
import { RecordBatchError } from '../../protocol/records/errors.js';
import { readRecordBatches } from '../../protocol/records/read-batches.js';
import type { RecordBatch } from '../../protocol/records/record-batch.js';
import { RecordView } from '../../protocol/records/record-view.js';
import type { ConsumerRecord, RecordHeader } from './types.js';

/** The headers of every record that has none (most records): one shared, frozen array. */
const NO_HEADERS: readonly RecordHeader[] = Object.freeze([]);
const EMPTY = Buffer.alloc(0);

export class FetchedRecords {
  /** Offset to fetch next: after the last complete batch of the response (control batches included). */
  readonly nextOffset: number;
  /** Records not taken yet. */
  remaining = 0;

  /** the batches with records to deliver, in order */
  private readonly batches: RecordBatch[] = [];
  private batchIndex = -1;
  /** records region of the current batch: `data[pos, end)`, `left` records still in it */
  private data: Buffer = EMPTY;
  private pos = 0;
  private end = 0;
  private left = 0;
  private baseOffset = 0;
  private baseTimestamp = 0;
  private logAppendTime: number | undefined;
  private epoch = -1;
  private type: 0 | 1 = 0;
  private readonly view = new RecordView();

  /**
   * @param data the partition's `records` field (a truncated last batch is left for the next fetch)
   * @param fetchOffset the offset the fetch asked for: earlier records of the first batch are skipped
   */
  constructor(
    readonly topic: string,
    readonly partition: number,
    data: Buffer | null,
    private readonly fetchOffset: number,
    aborted: readonly AbortedTransaction[] | null | undefined,
    readCommitted: boolean,
  ) {
    let nextOffset = fetchOffset;
    if (data !== null && data.length > 0) {
      const { batches } = readRecordBatches(data);
      // aborted transactions ordered by first offset; the producers whose aborted transaction is open
      const pending = readCommitted && aborted ? [...aborted].sort((a, b) => (a.firstOffset < b.firstOffset ? -1 : 1)) : [];
      const abortedProducers = new Set<number>();
      let pi = 0;
      for (const batch of batches) {
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
        nextOffset = Math.max(nextOffset, batch.nextOffset, batch.baseOffset);
        if (readCommitted && batch.isTransactional && abortedProducers.has(batch.producerId)) continue;
        const count = batch.recordCount;
        if (count < 0) throw corrupt(`record batch at offset ${batch.baseOffset} declares ${count} records`);
        this.batches.push(batch);
        this.remaining += batch.baseOffset < fetchOffset ? countFrom(batch, fetchOffset) : count;
      }
    }
    this.nextOffset = nextOffset;
  }

  /** Leader epoch of the batch of the record taken last (-1 before the first). */
  get leaderEpoch(): number {
    return this.epoch;
  }

  /** Leader epoch of the last batch with records to deliver (-1 when there is none). */
  get lastLeaderEpoch(): number {
    const n = this.batches.length;
    return n === 0 ? -1 : this.batches[n - 1]!.partitionLeaderEpoch;
  }

  /** Timestamp type of the batch of the record taken last: 0 = CreateTime, 1 = LogAppendTime. */
  get timestampType(): 0 | 1 {
    return this.type;
  }

  /**
   * Decodes the next record into a view shared by every call (valid until the next call); null when
   * every record was taken. Key, value and header values of the view are slices of the fetched bytes.
   */
  nextView(): RecordView | null {
    const view = this.view;
    for (;;) {
      while (this.left === 0) {
        if (this.batchIndex >= 0 && this.pos !== this.end) throw corrupt(`${this.end - this.pos} bytes left after the records of the batch at offset ${this.baseOffset}`);
        if (this.batchIndex + 1 >= this.batches.length) return null;
        this.openBatch(this.batches[++this.batchIndex]!);
      }
      if (this.pos >= this.end) throw corrupt(`the batch at offset ${this.baseOffset} holds fewer records than it declares`);
      this.pos = view.read(this.data, this.pos, this.end, this.baseOffset, this.baseTimestamp, this.logAppendTime);
      this.left--;
      if (view.offset < this.fetchOffset) continue;
      this.remaining--;
      return view;
    }
  }

  /** The next record as a standalone consumer record; null when every record was taken. */
  next(): ConsumerRecord | null {
    const r = this.nextView();
    if (r === null) return null;
    return {
      topic: this.topic,
      partition: this.partition,
      offset: r.offset,
      timestamp: r.timestamp,
      timestampType: this.type,
      key: r.key,
      value: r.value,
      headers: r.headerCount === 0 ? NO_HEADERS : r.headers,
      leaderEpoch: this.epoch,
    };
  }

  private openBatch(batch: RecordBatch): void {
    const { data, start, end } = batch.recordsData();
    this.data = data;
    this.pos = start;
    this.end = end;
    this.left = batch.recordCount;
    this.baseOffset = batch.baseOffset;
    this.baseTimestamp = batch.baseTimestamp;
    this.logAppendTime = batch.logAppendTime();
    this.epoch = batch.partitionLeaderEpoch;
    this.type = batch.timestampType;
  }
}

/** Records of `batch` at or after `offset` (the first batch of a fetch may start before the fetch offset). */
function countFrom(batch: RecordBatch, offset: number): number {
  let n = 0;
  batch.forEachRecord((r) => {
    if (r.offset >= offset) n++;
  });
  return n;
}

function corrupt(message: string): RecordBatchError {
  return new RecordBatchError('CORRUPT_RECORD', message);
}
