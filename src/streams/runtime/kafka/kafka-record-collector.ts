// The record collector of a stream thread: sink and changelog writes go to the thread's producer without
// a promise per record. Each task writes through its own view (`forTask`), which hands the producer one
// error callback per task (not per record): a record that finally fails to send (after the producer's
// retries) goes to that task's production exception handler, as in Kafka Streams' RecordCollectorImpl.
// A 'fail' decision, or an error no handler may skip (fencing, authorization, a closed producer), is kept
// and thrown by the next send of any task or by the commit's `flushAll()` — the thread then stops with it.
import type { FailedRecord, Producer } from '../../../client/index.js';
import { ClientClosedError, KafkaClientError, ProducerFencedError, TransactionStateError } from '../../../client/errors.js';
import { Headers } from '../../processor/headers.js';
import type { RecordCollector } from '../../processor/state-store.js';
import { ProductionError, type FailedProducerRecord } from '../../errors/production-handler.js';

/** The task's production-error path: returns to drop the record, throws (a `ProductionError`) to fail. */
export type SendErrorHandler = (error: unknown, record: FailedProducerRecord) => void;

type CollectedRecord = Parameters<RecordCollector['send']>[0];

/** Broker error codes that no production handler may skip (Kafka's "fatal" send errors). */
const FATAL_ERROR_CODES = new Set([
  -1, // UNKNOWN_SERVER_ERROR
  17, // INVALID_TOPIC_EXCEPTION
  29, // TOPIC_AUTHORIZATION_FAILED
  30, // GROUP_AUTHORIZATION_FAILED
  31, // CLUSTER_AUTHORIZATION_FAILED
  53, // TRANSACTIONAL_ID_AUTHORIZATION_FAILED
  58, // SASL_AUTHENTICATION_FAILED
]);

function isFatal(error: Error): boolean {
  if (error instanceof ProducerFencedError || error instanceof ClientClosedError || error instanceof TransactionStateError) return true;
  return error instanceof KafkaClientError && error.errorCode !== undefined && FATAL_ERROR_CODES.has(error.errorCode);
}

function where(record: FailedRecord): string {
  return record.partition >= 0 ? `${record.topic}-${record.partition}` : record.topic;
}

export class KafkaRecordCollector implements RecordCollector {
  /** records handed to the producer since the last flush */
  pending = 0;
  /** the first send failure that stops the thread (Kafka's `sendException`), thrown by the next send or flush */
  private sendError: Error | undefined;

  constructor(
    private readonly producer: Producer,
    private readonly partitionCounts: ReadonlyMap<string, number>,
  ) {}

  /** A task's view: its records' send failures go to `onSendError` (the task's production handler). */
  forTask(taskId: string, onSendError: SendErrorHandler): RecordCollector {
    const onError = (error: Error, record: FailedRecord): void => this.onSendFailure(taskId, onSendError, error, record);
    return {
      send: (record) => this.sendRecord(record, onError),
      partitionsFor: (topic) => this.partitionCounts.get(topic),
    };
  }

  /** Sends without a task: a failure is only reported by `flushAll()`. */
  send(record: CollectedRecord): void {
    this.sendRecord(record, undefined);
  }

  private sendRecord(record: CollectedRecord, onError: ((error: Error, record: FailedRecord) => void) | undefined): void {
    this.throwIfFailed();
    const headers = record.headers;
    // the producer copies headers as it takes the record (the Headers may change after send)
    this.producer.produce(
      {
        topic: record.topic,
        key: record.key,
        value: record.value,
        timestamp: record.timestamp,
        partition: record.partition,
        headers: headers === undefined || headers.size === 0 ? undefined : headers.toArray(),
      },
      onError,
    );
    this.pending++;
  }

  private onSendFailure(taskId: string, handler: SendErrorHandler, error: Error, record: FailedRecord): void {
    if (this.sendError !== undefined) return; // the thread stops anyway: no more handler calls
    if (isFatal(error)) {
      this.sendError = new ProductionError(
        `task [${taskId}] could not send a record to ${where(record)}, a fatal error no handler may skip: ${error.message}`,
        { cause: error },
      );
      return;
    }
    try {
      handler(error, {
        topic: record.topic,
        partition: record.partition,
        key: record.key,
        value: record.value,
        timestamp: record.timestamp,
        headers: new Headers(record.headers),
      });
    } catch (e) {
      this.sendError =
        e instanceof ProductionError
          ? e
          : new ProductionError(`task [${taskId}] the production exception handler threw for a record to ${where(record)}: ${String(e)}`, { cause: e });
    }
  }

  private throwIfFailed(): void {
    if (this.sendError !== undefined) throw this.sendError;
  }

  partitionsFor(topic: string): number | undefined {
    return this.partitionCounts.get(topic);
  }

  /** Waits until everything sent is acknowledged or handled; throws the failure that stops the thread, if any. */
  async flushAll(): Promise<void> {
    this.pending = 0;
    await this.producer.flush();
    this.throwIfFailed();
  }
}
