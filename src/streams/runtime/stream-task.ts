import { Headers } from '../processor/headers.js';
import { Record } from '../processor/record.js';
import { PunctuationType, type Cancellable, type Punctuator } from '../processor/punctuation.js';
import type { RecordCollector } from '../processor/state-store.js';
import type { TaskId } from '../processor/task-id.js';
import { FailOnInvalidTimestamp, type TimestampExtractor } from '../processor/timestamp-extractor.js';
import type { Serde } from '../serdes/serde.js';
import { StreamsError } from '../errors/streams-error.js';
import { logAndFailExceptionHandler, type DeserializationExceptionHandler } from '../errors/deserialization-handler.js';
import { logAndFailProcessingHandler, type ProcessingExceptionHandler } from '../errors/processing-handler.js';
import { PartitionGroup } from './partition-group.js';
import { ProcessorContextImpl } from './processor-context-impl.js';
import type { ProcessorNode } from './processor-node.js';
import type { ProcessorTopology } from './processor-topology.js';
import { PunctuationQueue, PunctuationSchedule } from './punctuation-queue.js';
import type { RawRecord, TopicPartition } from './raw-record.js';
import { headersOf, topicPartitionKey } from './raw-record.js';
import { RecordQueue } from './record-queue.js';
import type { StampedRecord } from './stamped-record.js';
import { isRecordBatch, RawRecordArray, type RawRecordBatch } from './raw-record-batch.js';
import { StateManager } from './state-manager.js';
import type { RecordCache } from '../../state/record-cache.js';
import {
  defaultProductionExceptionHandler,
  ProductionError,
  type FailedProducerRecord,
  type ProductionErrorKind,
  type ProductionExceptionHandler,
} from '../errors/production-handler.js';
import { deadLetterRecord } from '../errors/dead-letter.js';
import type { TaskMetrics } from '../metrics/task-metrics.js';
import { bindStoreMetrics } from '../metrics/store-metrics-binding.js';
import { nowMs } from '../metrics/sensors.js';
import { SourceNode } from './source-node.js';

export interface StreamTaskOptions {
  id: TaskId;
  topology: ProcessorTopology;
  /** the input partitions; each must be read by a source of the topology */
  partitions: readonly TopicPartition[];
  applicationId: string;
  appConfigs: Readonly<globalThis.Record<string, unknown>>;
  stateDir?: string;
  keySerde?: Serde<unknown> | undefined;
  valueSerde?: Serde<unknown> | undefined;
  defaultTimestampExtractor?: TimestampExtractor | undefined;
  deserializationHandler?: DeserializationExceptionHandler | undefined;
  /** what happens when a processor or punctuator throws (default: fail the task) */
  processingHandler?: ProcessingExceptionHandler | undefined;
  /** what happens when a record cannot be serialized at a sink or sent (default: fail the task) */
  productionHandler?: ProductionExceptionHandler | undefined;
  /**
   * `errors.dead.letter.queue.topic.name`: input records that fail to deserialize, to process, or
   * whose results fail to be produced are copied there with error headers, whatever the handler decides
   */
  deadLetterQueueTopic?: string | undefined;
  /** the task's sensors (see `TaskMetrics`); absent: no metrics recorded */
  metrics?: TaskMetrics | undefined;
  collector: RecordCollector;
  /** the record cache of the stream thread; absent: caching stores size their own */
  recordCache?: RecordCache | undefined;
  /** Kafka's `max.task.idle.ms` (default -1 here: process whatever is buffered, as the test driver does) */
  maxTaskIdleMs?: number;
  /** wall clock in ms (the test driver passes its mock clock) */
  clock: () => number;
}

/**
 * An active task (Kafka Streams' `StreamTask`): one sub-topology for one partition number. It
 * buffers input per partition, processes one record at a time in timestamp order, fires
 * punctuations, and commits (caches flushed, collector flushed). Synchronous: the caller drives it.
 */
export class StreamTask {
  readonly id: TaskId;
  readonly topology: ProcessorTopology;
  readonly context: ProcessorContextImpl;
  readonly stateManager: StateManager;
  private readonly queues = new Map<string, RecordQueue>();
  private readonly partitionGroup: PartitionGroup;
  private readonly streamTimePunctuations = new PunctuationQueue();
  private readonly systemTimePunctuations = new PunctuationQueue();
  private readonly clock: () => number;
  private readonly collector: RecordCollector;
  private readonly processingHandler: ProcessingExceptionHandler;
  private readonly productionHandler: ProductionExceptionHandler;
  private readonly deadLetterQueueTopic: string | undefined;
  /** the task's sensors, or null when metrics are not recorded */
  metrics: TaskMetrics | null;
  /** the input record being processed (its bytes go to the dead-letter topic if it fails) */
  private current: StampedRecord | null = null;
  /** records and punctuations dropped by the processing exception handler */
  droppedRecords = 0;
  private initialized = false;
  private storesInitialized = false;
  private closed = false;
  commitNeeded = false;
  commitRequested = false;

  constructor(options: StreamTaskOptions) {
    this.id = options.id;
    this.topology = options.topology;
    this.clock = options.clock;
    this.collector = options.collector;
    this.processingHandler = options.processingHandler ?? logAndFailProcessingHandler;
    this.productionHandler = options.productionHandler ?? defaultProductionExceptionHandler;
    this.deadLetterQueueTopic = options.deadLetterQueueTopic;
    this.metrics = options.metrics ?? null;
    this.stateManager = new StateManager({
      applicationId: options.applicationId,
      storeToChangelogTopic: options.topology.storeToChangelogTopic,
      globalStores: options.topology.globalStateStores,
    });
    this.context = new ProcessorContextImpl({
      applicationId: options.applicationId,
      taskId: options.id,
      appConfigs: options.appConfigs,
      stateDir: options.stateDir ?? '',
      keySerde: options.keySerde,
      valueSerde: options.valueSerde,
      stateManager: this.stateManager,
      recordCollector: options.collector,
      recordCache: options.recordCache,
      services: {
        streamTime: () => this.partitionGroup.streamTime(),
        wallClockTime: () => this.clock(),
        schedule: (node, interval, type, punctuator) => this.schedule(node, interval, type, punctuator),
        requestCommit: () => {
          this.commitRequested = true;
        },
      },
    });
    const extractorDefault = options.defaultTimestampExtractor ?? FailOnInvalidTimestamp;
    const handler = options.deserializationHandler ?? logAndFailExceptionHandler;
    for (const tp of options.partitions) {
      const source = this.topology.sourceFor(tp.topic);
      if (source === undefined) throw new StreamsError(`no source node reads topic ${tp.topic}`, { code: 'UNKNOWN_TOPIC' });
      const queue = new RecordQueue(
        tp,
        source,
        source.timestampExtractor ?? extractorDefault,
        handler,
        this.id.toString(),
        (raw, topic, error, node) =>
          this.collector.send(deadLetterRecord(topic, { ...raw, headers: headersOf(raw.headers), processorNode: node, taskId: this.id.toString() }, error)),
        options.deadLetterQueueTopic,
      );
      queue.dropSensor = this.metrics?.dropped ?? null;
      this.queues.set(topicPartitionKey(tp), queue);
    }
    this.partitionGroup = new PartitionGroup(this.queues, options.maxTaskIdleMs ?? -1);
    this.partitionGroup.enforcedProcessingSensor = this.metrics?.enforcedProcessing ?? null;
    this.context.taskMetrics = this.metrics;
    this.context.productionErrorHandler = (error, record, kind, origin) => this.handleProductionError(error, record, kind, origin);
  }

  /**
   * Initializes the stores only (in topology order): a standby task keeps its processors uninitialized
   * until it is promoted to active, when `initialize()` completes the rest.
   */
  initializeStores(): void {
    if (this.storesInitialized) return;
    this.storesInitialized = true;
    for (const store of this.topology.stateStores) {
      store.init(this.context, store);
      this.stateManager.track(store);
      if (this.metrics !== null) bindStoreMetrics(this.metrics, store, this.recordAge);
    }
  }

  /** the sensors of a standby task promoted to active (they replace its standby sensors) */
  attachMetrics(metrics: TaskMetrics): void {
    if (this.metrics === metrics) return;
    this.metrics?.remove();
    this.metrics = metrics;
    for (const q of this.queues.values()) q.dropSensor = metrics.dropped;
    this.partitionGroup.enforcedProcessingSensor = metrics.enforcedProcessing;
    this.context.taskMetrics = metrics;
    if (this.storesInitialized) for (const store of this.topology.stateStores) bindStoreMetrics(metrics, store, this.recordAge);
  }

  /** initializes stores (in topology order, unless done already), then processors */
  initialize(): void {
    if (this.initialized) return;
    this.initialized = true;
    this.initializeStores();
    for (const node of this.topology.processors) {
      if (this.metrics !== null) node.metrics = this.metrics.nodeMetrics(node.name, node instanceof SourceNode || node.isTerminal());
      this.context.setCurrentNode(node);
      try {
        node.init(this.context);
      } finally {
        this.context.setCurrentNode(null);
      }
    }
    this.context.setRecordContext(null);
  }

  partitions(): TopicPartition[] {
    return [...this.queues.values()].map((q) => q.partition);
  }

  /** buffers records of an input partition; returns the partition's buffered count */
  addRecords(partition: TopicPartition, records: Iterable<RawRecord> | RawRecordBatch): number {
    const queue = this.queues.get(topicPartitionKey(partition));
    if (queue === undefined) throw new StreamsError(`partition ${topicPartitionKey(partition)} is not an input of task ${this.id}`, { code: 'UNKNOWN_PARTITION' });
    const batch = isRecordBatch(records) ? records : new RawRecordArray([...records]);
    return this.partitionGroup.addRecords(queue, batch);
  }

  /** restores a partition's time from committed metadata (stream time starts from the largest) */
  initializePartitionTime(partition: TopicPartition, partitionTime: number): void {
    const queue = this.queues.get(topicPartitionKey(partition));
    if (queue === undefined) throw new StreamsError(`partition ${topicPartitionKey(partition)} is not an input of task ${this.id}`, { code: 'UNKNOWN_PARTITION' });
    this.partitionGroup.setPartitionTime(queue, partitionTime);
  }

  /** current partition times (to commit with the offsets, as Kafka does in the offset metadata) */
  partitionTimes(): Map<string, number> {
    const out = new Map<string, number>();
    for (const [key, q] of this.queues) out.set(key, q.partitionTime());
    return out;
  }

  /** the consumer's lag per input partition (undefined = unknown); see `isProcessable` */
  updateLags(lagOf: (partition: TopicPartition) => number | undefined): void {
    this.partitionGroup.updateLags((q) => lagOf(q.partition));
  }

  /** whether `process` should run now, honouring `max.task.idle.ms` */
  isProcessable(wallClockTime: number = this.clock()): boolean {
    return !this.closed && this.partitionGroup.readyToProcess(wallClockTime);
  }

  hasRecordsQueued(): boolean {
    return this.partitionGroup.numBuffered() > 0;
  }

  numBuffered(): number {
    return this.partitionGroup.numBuffered();
  }

  streamTime(): number {
    return this.partitionGroup.streamTime();
  }

  /**
   * processes the next buffered record; false when nothing is buffered. `wallClockTime`: the time the
   * caller read for this batch of records (as Kafka's task executor passes it), else the task reads
   * its clock once for the record, when a metric needs it.
   */
  process(wallClockTime?: number): boolean {
    const stamped = this.partitionGroup.nextRecord();
    if (stamped === undefined) return false;
    const queue = stamped.queue;
    const source = queue.source;
    const m = this.metrics;
    let t0 = 0;
    this.context.pinWallClock(wallClockTime);
    if (m !== null) {
      if (m.process !== null) t0 = nowMs();
      if (m.lateness !== null) m.lateness.record(this.partitionGroup.streamTime() - stamped.time);
      source.metrics?.onRecord(stamped.time, this.context);
    }
    this.current = stamped;
    this.context.setRecordContext(stamped.context);
    this.context.setCurrentNode(source);
    this.context.failedNode = null;
    try {
      source.process(new Record(stamped.key, stamped.value, stamped.time, stamped.headers));
    } catch (cause) {
      if (cause instanceof ProductionError) throw cause;
      const failed = this.context.failedNode ?? source;
      this.sendToDeadLetterQueue(cause, failed.name);
      const response = this.processingHandler(cause, {
        taskId: this.id.toString(),
        processorNode: failed.name,
        topic: stamped.topic,
        partition: stamped.partition,
        offset: stamped.offset,
        timestamp: stamped.time,
      });
      if (response === 'continue') {
        this.droppedRecords++;
        m?.dropped.record();
        this.context.setCurrentNode(null);
        queue.consumedOffset = stamped.offset;
        this.commitNeeded = true;
        return true;
      }
      throw new StreamsError(
        `Exception caught in process. taskId=${this.id}, processor=${failed.name}, topic=${stamped.topic}, ` +
          `partition=${stamped.partition}, offset=${stamped.offset}: ${cause instanceof Error ? cause.message : String(cause)}`,
        { code: 'PROCESSING', cause },
      );
    } finally {
      this.context.setCurrentNode(null);
      this.context.unpinWallClock();
      this.current = null;
    }
    if (t0 !== 0) m!.process!.record(nowMs() - t0);
    queue.consumedOffset = stamped.offset;
    this.commitNeeded = true;
    return true;
  }

  private schedule(node: ProcessorNode, intervalMs: number, type: PunctuationType, punctuator: Punctuator): Cancellable {
    if (type === PunctuationType.STREAM_TIME) {
      // aligned to 0: fires as soon as stream time is known
      return this.streamTimePunctuations.schedule(new PunctuationSchedule(node, 0, intervalMs, punctuator));
    }
    return this.systemTimePunctuations.schedule(new PunctuationSchedule(node, this.clock() + intervalMs, intervalMs, punctuator));
  }

  maybePunctuateStreamTime(): boolean {
    const streamTime = this.partitionGroup.streamTime();
    if (streamTime === -1) return false;
    const punctuated = this.streamTimePunctuations.maybePunctuate(streamTime, PunctuationType.STREAM_TIME, this.punctuate);
    if (punctuated) this.commitNeeded = true;
    return punctuated;
  }

  maybePunctuateSystemTime(): boolean {
    const punctuated = this.systemTimePunctuations.maybePunctuate(this.clock(), PunctuationType.WALL_CLOCK_TIME, this.punctuate);
    if (punctuated) this.commitNeeded = true;
    return punctuated;
  }

  private readonly punctuate = (node: ProcessorNode, timestamp: number, type: PunctuationType, punctuator: Punctuator): void => {
    if (this.context.currentNode() !== null) throw new StreamsError(`task [${this.id}] Current node is not null`, { code: 'ILLEGAL_STATE' });
    this.context.setRecordContext({ timestamp, topic: null, partition: -1, offset: -1, headers: new Headers() });
    this.context.setCurrentNode(node);
    this.context.failedNode = null;
    const m = this.metrics;
    const t0 = m === null ? 0 : nowMs();
    this.context.pinWallClock();
    try {
      punctuator(timestamp);
    } catch (cause) {
      if (cause instanceof ProductionError) throw cause;
      this.sendToDeadLetterQueue(cause, (this.context.failedNode ?? node).name);
      const response = this.processingHandler(cause, {
        taskId: this.id.toString(),
        processorNode: (this.context.failedNode ?? node).name,
        topic: null,
        partition: -1,
        offset: -1,
        timestamp,
      });
      if (response === 'continue') {
        this.droppedRecords++;
        return;
      }
      throw new StreamsError(`task [${this.id}] Exception caught while punctuating processor '${node.name}' (${type})`, {
        code: 'PUNCTUATION',
        cause,
      });
    } finally {
      this.context.setCurrentNode(null);
      this.context.unpinWallClock();
      if (m !== null) {
        const elapsed = nowMs() - t0;
        m.thread.recordPunctuate(elapsed);
        m.punctuate?.record(elapsed);
      }
    }
  };

  /**
   * Commits the task's state: caches forward their dirty entries, the collector is flushed, then
   * every store flushes (Kafka's prepareCommit + postCommit). Returns the offsets to commit
   * (next offset to read per partition key).
   */
  commit(): Map<string, number> {
    const offsets = new Map<string, number>();
    if (!this.commitNeeded && !this.commitRequested) return offsets;
    const commitSensor = this.metrics === null ? null : this.metrics.commit;
    const t0 = commitSensor === null ? 0 : nowMs();
    this.stateManager.flushCache();
    this.collector.flush?.();
    this.stateManager.flush();
    for (const q of this.queues.values()) if (q.consumedOffset >= 0) offsets.set(q.key, q.consumedOffset + 1);
    this.commitNeeded = false;
    this.commitRequested = false;
    if (commitSensor !== null) commitSensor.record(nowMs() - t0);
    return offsets;
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    let first: unknown;
    for (const node of this.topology.processors) {
      this.context.setCurrentNode(node);
      try {
        node.close();
      } catch (e) {
        first ??= e;
      } finally {
        this.context.setCurrentNode(null);
      }
    }
    try {
      this.stateManager.close();
    } catch (e) {
      first ??= e;
    }
    this.streamTimePunctuations.clear();
    this.systemTimePunctuations.clear();
    this.partitionGroup.clear();
    this.metrics?.remove();
    if (first !== undefined) throw first;
  }

  /**
   * A record of this task could not be produced: the send failed after the fact (the runtime's
   * collector calls this from its send callback) — or, through the sinks, it could not be serialized.
   * Applies the production exception handler: returns when the record is dropped (counted in
   * `dropped-records`, copied to the dead-letter topic if configured), throws a `ProductionError` to fail.
   */
  handleProductionError(error: unknown, record: FailedProducerRecord, kind: ProductionErrorKind = 'send', origin?: 'key' | 'value'): void {
    const node = this.context.currentNode();
    // outside processing (a send callback), the record context is stale: the source is unknown
    const rc = node === null ? null : this.context.recordContext();
    const processorNode = node === null ? null : node.name;
    if (node !== null) {
      this.sendToDeadLetterQueue(error, processorNode ?? '');
    } else if (this.deadLetterQueueTopic !== undefined && record.topic !== this.deadLetterQueueTopic) {
      // no input record at hand: the dead-letter copy is the failed output record itself (never a copy of a failed copy)
      const bytes = (v: unknown): Buffer | null => (Buffer.isBuffer(v) ? v : null);
      this.collector.send(
        deadLetterRecord(
          this.deadLetterQueueTopic,
          { key: bytes(record.key), value: bytes(record.value), timestamp: record.timestamp, headers: record.headers, topic: null, partition: -1, offset: -1, processorNode: '', taskId: this.id.toString() },
          error,
        ),
      );
    }
    const response = this.productionHandler(error, record, {
      taskId: this.id.toString(),
      kind,
      origin,
      processorNode,
      sourceTopic: rc === null ? null : rc.topic,
      sourcePartition: rc === null ? -1 : rc.partition,
      sourceOffset: rc === null ? -1 : rc.offset,
    });
    if (response === 'continue') {
      this.droppedRecords++;
      this.metrics?.dropped.record();
      return;
    }
    throw new ProductionError(
      `task [${this.id}] could not ${kind === 'send' ? 'send' : 'serialize'} a record for topic ${record.topic}` +
        `${record.partition !== undefined && record.partition >= 0 ? ` partition ${record.partition}` : ''} ` +
        `and the production exception handler says fail: ${error instanceof Error ? error.message : String(error)}`,
      { cause: error },
    );
  }

  /** how old the record being processed is, by the task's clock (store e2e latency at TRACE) */
  private readonly recordAge = (): number => {
    const rc = this.context.recordContext();
    return rc === null ? 0 : this.clock() - rc.timestamp;
  };

  /** copies the input record being processed (or nothing, in a punctuation) to the dead-letter topic, if configured */
  private sendToDeadLetterQueue(error: unknown, processorNode: string): void {
    const topic = this.deadLetterQueueTopic;
    if (topic === undefined) return;
    const current = this.current;
    const rc = this.context.recordContext();
    this.collector.send(
      deadLetterRecord(
        topic,
        current === null
          ? { key: null, value: null, timestamp: rc === null ? this.clock() : rc.timestamp, headers: undefined, topic: null, partition: -1, offset: -1, processorNode, taskId: this.id.toString() }
          : { ...current.raw(current.headers), processorNode, taskId: this.id.toString() },
        error,
      ),
    );
  }
}
