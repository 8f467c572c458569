// One partition: its log, leader epoch, idempotent-producer state, and who waits for new data.
import { RecordBatch, RecordBatchError, batchSizeAt, setLogAppendTime, validateRecordBatch } from '../../protocol/records/index.js';
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
  leaderEpoch = 0;
  private readonly waiters = new Set<() => void>();

  constructor(
    readonly topicName: string,
    readonly index: number,
    readonly log: PartitionLog,
  ) {
    log.forEachBatch((b) => {
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

  /** Until transactions exist, the last stable offset is the high watermark. */
  get lastStableOffset(): number {
    return this.highWatermark;
  }

  /**
   * Validates and appends the records a producer sent for this partition (exactly one v2 batch, as
   * Kafka requires for produce v3+). Idempotent batches go through the sequence checks first.
   */
  appendFromProducer(records: Buffer, config: TopicConfig): ProduceOutcome {
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
    if (batch.isTransactional) return fail(ErrorCode.INVALID_RECORD, 'transactions are not supported yet');
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
    const appended = this.log.append(records, this.leaderEpoch);
    if (idempotent) {
      this.producers.record(producerId, batch.producerEpoch, { firstSeq, lastSeq, baseOffset: appended.baseOffset, lastOffset: appended.lastOffset });
    }
    this.notifyWaiters();
    return { errorCode: ErrorCode.NONE, baseOffset: appended.baseOffset, logAppendTime };
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
  }
}
