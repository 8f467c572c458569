import type { ConsumedRecord, TimestampExtractor } from '../processor/timestamp-extractor.js';
import type { DeserializationExceptionHandler } from '../errors/deserialization-handler.js';
import { StreamsError } from '../errors/streams-error.js';
import { headersOf, topicPartitionKey, type RawRecord, type TopicPartition } from './raw-record.js';
import type { SourceNode } from './source-node.js';
import type { CountSensor } from '../metrics/sensors.js';

/** A deserialized record with the timestamp it will be processed at. */
export interface StampedRecord {
  readonly record: ConsumedRecord;
  readonly timestamp: number;
  /** the record's bytes as read (for a dead-letter copy if processing it fails) */
  readonly raw: RawRecord;
  /** the partition queue it came from */
  readonly queue: RecordQueue;
}

/**
 * Raw records taken one at a time: a consumer's lazily decoded fetch (`FetchedRecords`), or an array
 * (`RawRecordArray`). `remaining` is exact: the queue's size is the sum of its batches' `remaining`.
 */
export interface RawRecordBatch {
  readonly remaining: number;
  /** the next record; null when every record was taken */
  next(): RawRecord | null;
}

export function isRecordBatch(records: Iterable<RawRecord> | RawRecordBatch): records is RawRecordBatch {
  return 'remaining' in records && typeof records.next === 'function';
}

/** Records already in memory (tests, the test driver) as a `RawRecordBatch`. */
export class RawRecordArray implements RawRecordBatch {
  private index = 0;
  constructor(private readonly records: readonly RawRecord[]) {}
  get remaining(): number {
    return this.records.length - this.index;
  }
  next(): RawRecord | null {
    return this.index < this.records.length ? this.records[this.index++]! : null;
  }
}

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
    if (result.timestamp > this.time) this.time = result.timestamp;
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
    return this.head === null ? UNKNOWN_TIME : this.head.timestamp;
  }

  headOffset(): number | undefined {
    return this.head === null ? undefined : this.head.record.offset;
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

  /** the next raw record; only called while `pending > 0` */
  private takeRaw(): RawRecord {
    const batch = this.fifo[this.fifoStart]!;
    const raw = batch.next();
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
    if (raw === null) throw new StreamsError(`a record batch of ${this.key} ended before its declared count`, { code: 'ILLEGAL_STATE' });
    this.pending--;
    return raw;
  }

  private updateHead(): void {
    while (this.head === null && this.pending > 0) {
      const raw = this.takeRaw();
      const record = this.deserialize(raw);
      if (record === null) continue;
      let timestamp: number;
      try {
        timestamp = this.timestampExtractor(record, this.time);
      } catch (cause) {
        if (cause instanceof StreamsError) throw cause;
        throw new StreamsError(`Fatal user code error in TimestampExtractor callback for record ${raw.topic}-${raw.partition}@${raw.offset}.`, {
          code: 'TIMESTAMP_EXTRACTOR',
          cause,
        });
      }
      if (timestamp < 0) {
        console.warn(
          `kstreams: skipping record due to negative extracted timestamp. topic=[${raw.topic}] ` +
            `partition=[${raw.partition}] offset=[${raw.offset}] extractedTimestamp=[${timestamp}]`,
        );
        this.drop(raw);
        continue;
      }
      this.head = { record, timestamp, raw, queue: this };
    }
  }

  private drop(raw: RawRecord): void {
    this.droppedRecords++;
    this.lastDroppedOffset = raw.offset;
    this.dropSensor?.record();
  }

  private deserialize(raw: RawRecord): ConsumedRecord | null {
    const headers = headersOf(raw);
    try {
      return {
        topic: raw.topic,
        partition: raw.partition,
        offset: raw.offset,
        timestamp: raw.timestamp,
        key: this.source.deserializeKey(raw.topic, raw.key, headers),
        value: this.source.deserializeValue(raw.topic, raw.value, headers),
        headers,
      };
    } catch (error) {
      const deadLetter = this.deadLetter;
      const sourceNode = this.source.name;
      let sentToDlq = false;
      const bytes = { topic: raw.topic, partition: raw.partition, offset: raw.offset, timestamp: raw.timestamp, key: raw.key, value: raw.value, headers };
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
        this.drop(raw);
        return null;
      }
      throw new StreamsError(
        `Deserialization exception handler is set to fail upon a deserialization error. ` +
          `Failed record: ${raw.topic}-${raw.partition}@${raw.offset}: ${error instanceof Error ? error.message : String(error)}`,
        { code: 'DESERIALIZATION', cause: error },
      );
    }
  }
}
