import type { TimestampExtractor } from '../processor/timestamp-extractor.js';
import type { DeserializationExceptionHandler } from '../errors/deserialization-handler.js';
import { StreamsError } from '../errors/streams-error.js';
import { headersOf, topicPartitionKey, type RawRecord, type TopicPartition } from './raw-record.js';
import { RawRecordArray, type RawRecordBatch } from './raw-record-batch.js';
import type { StampedRecord } from './stamped-record.js';
import type { SourceNode } from './source-node.js';
import type { CountSensor } from '../metrics/sensors.js';

const DRAINED: RawRecordBatch = new RawRecordArray([]);

/** Sentinel for "no timestamp yet" (Kafka's `RecordQueue.UNKNOWN`). */
export const UNKNOWN_TIME = -1;

/**
 * The buffered records of one input partition (Kafka Streams' `RecordQueue`). The head record is
 * deserialized and stamped eagerly so that the partition group can order partitions by it;
 * records that fail to deserialize (handler says continue) or get a negative timestamp are dropped.
 */
export class RecordQueue {
  /** batches of records not deserialized yet, oldest first; records are taken from the first */
  private readonly fifo: RawRecordBatch[] = [];
  private fifoStart = 0;
  /** records in `fifo` */
  private pending = 0;
  private head: StampedRecord | null = null;
  private time = UNKNOWN_TIME;
  /** records dropped while looking for a head (bad bytes or negative timestamps) */
  droppedRecords = 0;
  /** offset of the last record processed (or skipped by the processing handler) from here; -1: none yet */
  consumedOffset = -1;
  /** offset of the last record dropped, so the consumer position can move past it */
  lastDroppedOffset = -1;
  /** the task's `dropped-records` sensor, when metrics are on */
  dropSensor: CountSensor | null = null;
  /** `<topic>-<partition>` */
  readonly key: string;

  constructor(
    readonly partition: TopicPartition,
    readonly source: SourceNode,
    private readonly timestampExtractor: TimestampExtractor,
    private readonly deserializationHandler: DeserializationExceptionHandler,
    private readonly taskId: string,
    /** writes a raw record to a dead-letter topic (the task binds it to its collector) */
    private readonly deadLetter?: (raw: RawRecord, topic: string, error: unknown, sourceNode: string) => void,
    /** `errors.dead.letter.queue.topic.name`: every record that fails to deserialize is copied there */
    private readonly deadLetterQueueTopic?: string,
  ) {
    this.key = topicPartitionKey(partition);
  }

  /** Adds a batch of records (decoded as they reach the head); returns the queue's new size. */
  addBatch(batch: RawRecordBatch): number {
    const n = batch.remaining;
    if (n > 0) {
      this.fifo.push(batch);
      this.pending += n;
      this.updateHead();
    }
    return this.size();
  }

  poll(): StampedRecord {
    const result = this.head!;
    this.head = null;
    if (result.time > this.time) this.time = result.time;
    this.updateHead();
    return result;
  }

  size(): number {
    return this.pending + (this.head === null ? 0 : 1);
  }

  isEmpty(): boolean {
    return this.head === null && this.pending === 0;
  }

  headTimestamp(): number {
    return this.head === null ? UNKNOWN_TIME : this.head.time;
  }

  headOffset(): number | undefined {
    return this.head === null ? undefined : this.head.offset;
  }

  /** largest timestamp polled from this partition, or -1 */
  partitionTime(): number {
    return this.time;
  }

  setPartitionTime(time: number): void {
    this.time = time;
  }

  clear(): void {
    this.fifo.length = 0;
    this.fifoStart = 0;
    this.pending = 0;
    this.head = null;
    this.time = UNKNOWN_TIME;
  }

  /** the next record's bytes in a new StampedRecord; only called while `pending > 0` */
  private takeNext(): StampedRecord {
    const batch = this.fifo[this.fifoStart]!;
    const next = batch.take(this);
    if (batch.remaining === 0) {
      this.fifo[this.fifoStart++] = DRAINED; // lets its bytes go
      if (this.fifoStart === this.fifo.length) {
        this.fifo.length = 0;
        this.fifoStart = 0;
      } else if (this.fifoStart > 64 && this.fifoStart * 2 > this.fifo.length) {
        this.fifo.splice(0, this.fifoStart);
        this.fifoStart = 0;
      }
    }
    if (next === null) throw new StreamsError(`a record batch of ${this.key} ended before its declared count`, { code: 'ILLEGAL_STATE' });
    this.pending--;
    return next;
  }

  private updateHead(): void {
    while (this.head === null && this.pending > 0) {
      const next = this.takeNext();
      if (!this.deserialize(next)) continue;
      let timestamp: number;
      try {
        timestamp = this.timestampExtractor(next, this.time);
      } catch (cause) {
        if (cause instanceof StreamsError) throw cause;
        throw new StreamsError(`Fatal user code error in TimestampExtractor callback for record ${next.topic}-${next.partition}@${next.offset}.`, {
          code: 'TIMESTAMP_EXTRACTOR',
          cause,
        });
      }
      if (timestamp < 0) {
        console.warn(
          `kstreams: skipping record due to negative extracted timestamp. topic=[${next.topic}] ` +
            `partition=[${next.partition}] offset=[${next.offset}] extractedTimestamp=[${timestamp}]`,
        );
        this.drop(next);
        continue;
      }
      next.stamp(timestamp);
      this.head = next;
    }
  }

  private drop(record: StampedRecord): void {
    this.droppedRecords++;
    this.lastDroppedOffset = record.offset;
    this.dropSensor?.record();
  }

  /** deserializes key, value and headers into `next`; false when it is dropped (handler says continue) */
  private deserialize(next: StampedRecord): boolean {
    const headers = headersOf(next.rawHeaders);
    const topic = next.topic;
    try {
      next.key = this.source.deserializeKey(topic, next.keyData, next.keyStart, next.keyLength, headers);
      next.value = this.source.deserializeValue(topic, next.valueData, next.valueStart, next.valueLength, headers);
      next.headers = headers;
      return true;
    } catch (error) {
      const deadLetter = this.deadLetter;
      const sourceNode = this.source.name;
      let sentToDlq = false;
      const bytes = next.raw(headers);
      const response = this.deserializationHandler(bytes, error, {
        taskId: this.taskId,
        sourceNode,
        sendToDeadLetterQueue(topic: string) {
          if (deadLetter === undefined) throw new StreamsError('this task cannot write to a dead-letter queue', { code: 'UNSUPPORTED' });
          deadLetter(bytes, topic, error, sourceNode);
          sentToDlq = true;
        },
      });
      if (!sentToDlq && this.deadLetterQueueTopic !== undefined && deadLetter !== undefined) {
        deadLetter(bytes, this.deadLetterQueueTopic, error, sourceNode);
      }
      if (response === 'continue') {
        this.drop(next);
        return false;
      }
      throw new StreamsError(
        `Deserialization exception handler is set to fail upon a deserialization error. ` +
          `Failed record: ${topic}-${next.partition}@${next.offset}: ${error instanceof Error ? error.message : String(error)}`,
        { code: 'DESERIALIZATION', cause: error },
      );
    }
  }
}
