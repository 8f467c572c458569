import { NODE_GROUP, TASK_GROUP } from './metric-name.js';
import { CountSensor, ValueSensor } from './sensors.js';
import type { StreamsMetricsRegistry } from './streams-metrics-registry.js';
import type { ThreadMetrics } from './thread-metrics.js';

/**
 * The sensors of one task (`stream-task-metrics`, tags `thread-id`, `task-id`). `dropped` is INFO;
 * the others are DEBUG and null below it, so the task tests one field and records nothing.
 */
export class TaskMetrics {
  readonly tags: Readonly<Record<string, string>>;
  readonly scope: string;
  /** records dropped: bad bytes, negative timestamps, handler 'continue', null keys, late records */
  readonly dropped = new CountSensor();
  readonly process: ValueSensor | null;
  readonly enforcedProcessing: CountSensor | null;
  readonly lateness: ValueSensor | null;
  readonly punctuate: ValueSensor | null;
  readonly commit: ValueSensor | null;

  constructor(
    readonly registry: StreamsMetricsRegistry,
    readonly thread: ThreadMetrics,
    readonly taskId: string,
  ) {
    this.tags = { 'thread-id': thread.threadId, 'task-id': taskId };
    this.scope = `task:${thread.threadId}:${taskId}`;
    const r = registry;
    const s = this.scope;
    r.addRateTotal(s, TASK_GROUP, 'dropped-records', 'records dropped within this task', this.tags, this.dropped);
    const debug = r.records('DEBUG');
    this.process = debug ? new ValueSensor() : null;
    this.enforcedProcessing = debug ? new CountSensor() : null;
    this.lateness = debug ? new ValueSensor() : null;
    this.punctuate = debug ? new ValueSensor() : null;
    this.commit = debug ? new ValueSensor() : null;
    if (this.process !== null) r.addLatencyRateTotal(s, TASK_GROUP, 'process', this.tags, this.process);
    if (this.enforcedProcessing !== null) r.addRateTotal(s, TASK_GROUP, 'enforced-processing', 'occurrences of enforced-processing operations', this.tags, this.enforcedProcessing);
    if (this.lateness !== null) r.addAvgMax(s, TASK_GROUP, 'record-lateness', 'observed lateness of records in ms', this.tags, this.lateness);
    if (this.punctuate !== null) r.addLatencyRateTotal(s, TASK_GROUP, 'punctuate', this.tags, this.punctuate);
    if (this.commit !== null) r.addLatencyRateTotal(s, TASK_GROUP, 'commit', this.tags, this.commit);
  }

  /**
   * The sensors of a processor node: `process-rate/total` at DEBUG, and at INFO the end-to-end
   * latency of source and terminal nodes (`record-e2e-latency-avg/min/max`, against `wallClock`,
   * the task's clock). Null when nothing is recorded.
   */
  nodeMetrics(nodeName: string, measuresE2e: boolean, wallClock: () => number = this.registry.clock): NodeMetrics | null {
    const debug = this.registry.records('DEBUG');
    if (!debug && !measuresE2e) return null;
    const tags = { ...this.tags, 'processor-node-id': nodeName };
    const node = new NodeMetrics(debug, measuresE2e ? new ValueSensor() : null, wallClock);
    if (debug) this.registry.addRateTotal(this.scope, NODE_GROUP, 'process', 'calls to process', tags, node);
    if (node.e2e !== null) this.registry.addAvgMax(this.scope, NODE_GROUP, 'record-e2e-latency', 'end-to-end latency of a record in ms', tags, node.e2e, true);
    return node;
  }

  /** removes the task's metrics (task closed or migrated) */
  remove(): void {
    this.registry.removeScope(this.scope);
  }
}

/** What a processor node records for each record it receives. */
export class NodeMetrics {
  count = 0;

  constructor(
    private readonly counts: boolean,
    readonly e2e: ValueSensor | null,
    private readonly clock: () => number,
  ) {}

  onRecord(timestamp: number): void {
    if (this.counts) this.count++;
    if (this.e2e !== null) this.e2e.record(this.clock() - timestamp);
  }
}
