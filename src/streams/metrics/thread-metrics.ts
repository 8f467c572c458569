import { THREAD_GROUP } from './metric-name.js';
import { CountSensor, ValueSensor } from './sensors.js';
import type { StreamsMetricsRegistry } from './streams-metrics-registry.js';

/**
 * The INFO-level sensors of one stream thread (`stream-thread-metrics`, tag `thread-id`). The thread
 * loop times whole batches, so the cost is two clock reads per loop step, not per record.
 */
export class ThreadMetrics {
  readonly tags: Readonly<Record<string, string>>;
  readonly scope: string;
  /** per-record processing latency (recorded per batch as its average) */
  readonly process = new ValueSensor();
  readonly processRecords = new ValueSensor();
  readonly commit = new ValueSensor();
  readonly punctuate = new ValueSensor();
  readonly poll = new ValueSensor();
  readonly pollRecords = new ValueSensor();
  readonly tasksCreated = new CountSensor();
  readonly tasksClosed = new CountSensor();

  constructor(
    readonly registry: StreamsMetricsRegistry,
    readonly threadId: string,
  ) {
    this.tags = { 'thread-id': threadId };
    this.scope = `thread:${threadId}`;
    const r = registry;
    const s = this.scope;
    r.addLatencyRateTotal(s, THREAD_GROUP, 'process', this.tags, this.process);
    r.addAvgMax(s, THREAD_GROUP, 'process-records', 'number of records processed within an iteration', this.tags, this.processRecords);
    r.addLatencyRateTotal(s, THREAD_GROUP, 'commit', this.tags, this.commit);
    r.addLatencyRateTotal(s, THREAD_GROUP, 'punctuate', this.tags, this.punctuate);
    r.addLatencyRateTotal(s, THREAD_GROUP, 'poll', this.tags, this.poll);
    r.addAvgMax(s, THREAD_GROUP, 'poll-records', 'number of records polled from the consumer within an iteration', this.tags, this.pollRecords);
    r.addRateTotal(s, THREAD_GROUP, 'task-created', 'tasks created', this.tags, this.tasksCreated);
    r.addRateTotal(s, THREAD_GROUP, 'task-closed', 'tasks closed', this.tags, this.tasksClosed);
  }

  /** `records` processed in `elapsedMs` by one iteration of the thread loop */
  recordProcess(records: number, elapsedMs: number): void {
    if (records <= 0) return;
    this.process.recordBatch(records, elapsedMs);
    this.processRecords.record(records);
  }

  /** one commit of all the thread's tasks that took `elapsedMs` */
  recordCommit(elapsedMs: number): void {
    this.commit.record(elapsedMs);
  }

  /** one punctuation that took `elapsedMs` (the tasks record their punctuations here themselves) */
  recordPunctuate(elapsedMs: number): void {
    this.punctuate.record(elapsedMs);
  }

  /** one consumer poll that returned `records` in `elapsedMs` */
  recordPoll(records: number, elapsedMs: number): void {
    this.poll.record(elapsedMs);
    this.pollRecords.record(records);
  }

  taskCreated(): void {
    this.tasksCreated.count++;
  }

  taskClosed(): void {
    this.tasksClosed.count++;
  }

  /** removes the thread's metrics (thread shut down or replaced) */
  remove(): void {
    this.registry.removeScope(this.scope);
  }
}
