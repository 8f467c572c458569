// One partition: its log, leader epoch, idempotent-producer state, and who waits for new data.
import { RecordBatch, RecordBatchError, batchSizeAt, encodeEndTxnMarkerBatch, setLogAppendTime, validateRecordBatch } from '../../protocol/records/index.js';
import { isControl, isTransactional } from '../log/batch-header.js';
import { PartitionTxnIndex } from '../txn/partition-txn-index.js';
import { markerTypeOf } from '../txn/marker-batches.js';
import { ErrorCode } from '../../protocol/errors/index.js';
import type { PartitionLog } from '../log/partition-log.js';
import { ProducerStateTable, lastSequenceOf } from './producer-state.js';
import type { TopicConfig } from '../config/topic-config.js';

export interface ProduceOutcome {
  readonly errorCode: number;
  readonly errorMessage?: string;
  readonly baseOffset: number;
  /** -1 for CreateTime topics. */
  readonly logAppendTime: number;
}

const RECORD_ERROR_CODES: Record<string, number> = {
  CORRUPT_RECORD: ErrorCode.CORRUPT_MESSAGE,
  UNSUPPORTED_MAGIC: ErrorCode.INVALID_RECORD,
  UNSUPPORTED_COMPRESSION: ErrorCode.UNSUPPORTED_COMPRESSION_TYPE,
  INVALID_RECORD: ErrorCode.INVALID_RECORD,
};

export class Partition {
  readonly producers = new ProducerStateTable();
  /** Open transactions and aborted ones here: the LSO and read_committed fetches (txn/). */
  readonly txns = new PartitionTxnIndex();
  leaderEpoch = 0;
  private readonly waiters = new Set<() => void>();

  constructor(
    readonly topicName: string,
    readonly index: number,
    readonly log: PartitionLog,
  ) {
    log.forEachBatch((b) => {
      if (isControl(b.attributes)) {
        const type = markerTypeOf(log.read(b.baseOffset, 1, true).chunks[0]!);
        if (type !== null) {
          this.producers.fence(b.producerId, b.producerEpoch);
          this.txns.onMarker(b.producerId, b.baseOffset, type === 'commit');
        }
        return;
      }
      if (isTransactional(b.attributes)) this.txns.onTransactionalBatch(b.producerId, b.baseOffset);
      if (b.producerId >= 0 && b.baseSequence >= 0) {
        this.producers.record(b.producerId, b.producerEpoch, {
          firstSeq: b.baseSequence,
          lastSeq: lastSequenceOf(b.baseSequence, b.recordCount),
          baseOffset: b.baseOffset,
          lastOffset: b.lastOffset,
        });
      }
    });
  }

  /** On a single node every appended record is replicated "everywhere": HW = LEO. */
  get highWatermark(): number {
    return this.log.logEndOffset;
  }

  /** The first offset of the oldest open transaction, else the high watermark. */
  get lastStableOffset(): number {
    return this.txns.lastStableOffset(this.highWatermark);
  }

  /**
   * Validates and appends the records a producer sent for this partition (exactly one v2 batch, as
   * Kafka requires for produce v3+). Idempotent batches go through the sequence checks first.
   */
  appendFromProducer(records: Buffer, config: TopicConfig, inKeptFrame = false): ProduceOutcome {
    const fail = (errorCode: number, errorMessage: string): ProduceOutcome => ({ errorCode, errorMessage, baseOffset: -1, logAppendTime: -1 });
    if (records.length < 61 || batchSizeAt(records, 0) !== records.length) {
      return fail(ErrorCode.INVALID_RECORD, 'produce requests must contain exactly one whole record batch per partition');
    }
    if (records.length > config.number('max.message.bytes')) return fail(ErrorCode.MESSAGE_TOO_LARGE, `batch of ${records.length} bytes exceeds max.message.bytes`);
    const batch = new RecordBatch(records);
    try {
      validateRecordBatch(batch, { contiguousOffsets: true });
    } catch (err) {
      if (err instanceof RecordBatchError) return fail(RECORD_ERROR_CODES[err.code] ?? ErrorCode.CORRUPT_MESSAGE, err.message);
      throw err;
    }
    if (batch.isControl) return fail(ErrorCode.INVALID_RECORD, 'clients may not write control batches');
    if (batch.isTransactional && (batch.producerId < 0 || batch.baseSequence < 0)) {
      return fail(ErrorCode.INVALID_RECORD, 'transactional batches need a producer id and sequence');
    }
    const producerId = batch.producerId;
    const idempotent = producerId >= 0 && batch.baseSequence >= 0;
    const firstSeq = batch.baseSequence;
    const lastSeq = idempotent ? lastSequenceOf(firstSeq, batch.recordCount) : -1;
    if (idempotent) {
      const check = this.producers.check(producerId, batch.producerEpoch, firstSeq, lastSeq);
      if (check.kind === 'duplicate') return { errorCode: ErrorCode.NONE, baseOffset: check.batch.baseOffset, logAppendTime: -1 };
      if (check.kind === 'error') return fail(check.errorCode, check.message);
    }
    let logAppendTime = -1;
    if (config.get('message.timestamp.type') === 'LogAppendTime') {
      logAppendTime = Date.now();
      setLogAppendTime(records, logAppendTime);
    }
    const appended = this.log.append(records, this.leaderEpoch, inKeptFrame);
    if (idempotent) {
      this.producers.record(producerId, batch.producerEpoch, { firstSeq, lastSeq, baseOffset: appended.baseOffset, lastOffset: appended.lastOffset });
    }
    if (batch.isTransactional) this.txns.onTransactionalBatch(producerId, appended.baseOffset);
    this.notifyWaiters();
    return { errorCode: ErrorCode.NONE, baseOffset: appended.baseOffset, logAppendTime };
  }

  /**
   * Appends a COMMIT/ABORT marker for the producer's transaction (from the transaction coordinator).
   * The marker's epoch becomes the producer's epoch here, so a fenced zombie's writes are refused.
   */
  appendMarker(producerId: number, producerEpoch: number, commit: boolean): void {
    const bytes = encodeEndTxnMarkerBatch({ producerId, producerEpoch, type: commit ? 'commit' : 'abort', coordinatorEpoch: 0, timestamp: Date.now() });
    const appended = this.log.append(bytes, this.leaderEpoch);
    this.producers.fence(producerId, producerEpoch);
    this.txns.onMarker(producerId, appended.baseOffset, commit);
    this.notifyWaiters();
  }

  /** Calls `fn` after the next append (once). Returns a function that cancels the wait. */
  onNextAppend(fn: () => void): () => void {
    this.waiters.add(fn);
    return () => this.waiters.delete(fn);
  }

  private notifyWaiters(): void {
    if (this.waiters.size === 0) return;
    const all = [...this.waiters];
    this.waiters.clear();
    for (const fn of all) fn();
  }

  deleteRecordsBefore(offset: number): void {
    this.log.deleteRecordsBefore(offset);
    this.producers.expireBefore(this.log.logStartOffset);
    this.txns.truncateBefore(this.log.logStartOffset);
  }
}
