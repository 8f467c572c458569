// The record collector of a stream thread: sink and changelog writes go to the thread's producer without
// a promise per record. Each task writes through its own view (`forTask`), which hands the producer one
// error callback per task (not per record): a record that finally fails to send (after the producer's
// retries) goes to that task's production exception handler, as in Kafka Streams' RecordCollectorImpl.
// A 'fail' decision, or an error no handler may skip (fencing, authorization, a closed producer), is kept
// and thrown by the next send of any task or by the commit's `flushAll()` — the thread then stops with it.
import type { FailedRecord, Producer, ProducerRecord } from '../../../client/index.js';
import { ClientClosedError, KafkaClientError, ProducerFencedError, TransactionStateError } from '../../../client/errors.js';
import { Headers } from '../../processor/headers.js';
import type { RecordCollector } from '../../processor/state-store.js';
import { ProductionError, type FailedProducerRecord } from '../../errors/production-handler.js';
import type { DirectSendCollector } from '../direct-send.js';

/** The task's production-error path: returns to drop the record, throws (a `ProductionError`) to fail. */
export type SendErrorHandler = (error: unknown, record: FailedProducerRecord) => void;

type CollectedRecord = Parameters<RecordCollector['send']>[0];
type SendFailureCallback = (error: Error, record: FailedRecord) => void;

/** A task's view of the thread's collector: its records' send failures go to the task's handler. */
class TaskCollector implements DirectSendCollector {
  constructor(
    private readonly collector: KafkaRecordCollector,
    private readonly onError: SendFailureCallback,
  ) {}

  send(record: CollectedRecord): void {
    this.collector.sendFields(record.topic, record.key, record.value, record.timestamp, record.headers, record.partition, this.onError);
  }

  sendFields(topic: string, key: Buffer | string | null, value: Buffer | null, timestamp: number, headers: Headers, partition: number | undefined): void {
    this.collector.sendFields(topic, key, value, timestamp, headers, partition, this.onError);
  }

  partitionsFor(topic: string): number | undefined {
    return this.collector.partitionsFor(topic);
  }
}

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
  /** the record being handed to the producer, which copies what it keeps: one object for every send */
  private readonly outgoing: ProducerRecord = { topic: '', key: null, value: null, timestamp: 0, partition: undefined, headers: undefined };

  constructor(
    private readonly producer: Producer,
    private readonly partitionCounts: ReadonlyMap<string, number>,
  ) {}

  /** A task's view: its records' send failures go to `onSendError` (the task's production handler). */
  forTask(taskId: string, onSendError: SendErrorHandler): DirectSendCollector {
    return new TaskCollector(this, (error, record) => this.onSendFailure(taskId, onSendError, error, record));
  }

  /** Sends without a task: a failure is only reported by `flushAll()`. */
  send(record: CollectedRecord): void {
    this.sendFields(record.topic, record.key, record.value, record.timestamp, record.headers, record.partition, undefined);
  }

  /**
   * Hands a record to the producer (`partition` undefined: the default partitioner; a string key: its UTF-8
   * bytes); `onError` gets its final failure.
   */
  sendFields(
    topic: string,
    key: Buffer | string | null,
    value: Buffer | null,
    timestamp: number,
    headers: Headers | undefined,
    partition: number | undefined,
    onError: SendFailureCallback | undefined,
  ): void {
    this.throwIfFailed();
    const out = this.outgoing;
    out.topic = topic;
    out.key = key;
    out.value = value;
    out.timestamp = timestamp;
    out.partition = partition;
    // the producer copies headers as it takes the record (the Headers may change after send)
    out.headers = headers === undefined || headers.size === 0 ? undefined : headers.toArray();
    this.producer.produce(out, onError);
    out.key = out.value = null; // not kept alive by the reused object
    out.headers = undefined;
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
