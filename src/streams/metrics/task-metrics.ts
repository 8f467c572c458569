import { NODE_GROUP, TASK_GROUP } from './metric-name.js';
import { CountSensor, ValueSensor } from './sensors.js';
import type { StreamsMetricsRegistry } from './streams-metrics-registry.js';
import type { ThreadMetrics } from './thread-metrics.js';

/** An active task processes records; a standby task only applies its changelogs. */
export type TaskKind = 'active' | 'standby';

/**
 * The sensors of one task (`stream-task-metrics`, tags `thread-id`, `task-id`). `dropped` is INFO;
 * the others are DEBUG and null below it, so the task tests one field and records nothing.
 *
 * As in Kafka Streams, a standby task records only `update-rate/total` (changelog records applied,
 * DEBUG); an active task records `restore-rate/total` (changelog records restored, DEBUG) and
 * `restore-remaining-records-total` (INFO, once `trackRestoreRemaining` gives it a source) besides its
 * processing sensors.
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
  /** changelog records restored (active) or applied (standby: Kafka's `update`); null below DEBUG */
  readonly restored: CountSensor | null;

  constructor(
    readonly registry: StreamsMetricsRegistry,
    readonly thread: ThreadMetrics,
    readonly taskId: string,
    readonly kind: TaskKind = 'active',
  ) {
    this.tags = { 'thread-id': thread.threadId, 'task-id': taskId };
    this.scope = `task:${thread.threadId}:${taskId}`;
    const r = registry;
    const s = this.scope;
    const debug = r.records('DEBUG');
    this.restored = debug ? new CountSensor() : null;
    if (kind === 'standby') {
      this.process = this.enforcedProcessing = this.lateness = this.punctuate = this.commit = null;
      if (this.restored !== null) r.addRateTotal(s, TASK_GROUP, 'update', 'records updated', this.tags, this.restored);
      return;
    }
    if (this.restored !== null) r.addRateTotal(s, TASK_GROUP, 'restore', 'records restored', this.tags, this.restored);
    r.addRateTotal(s, TASK_GROUP, 'dropped-records', 'records dropped within this task', this.tags, this.dropped);
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

  /** `restore-remaining-records-total` (INFO) of an active task, read from the restorer when metrics are read */
  trackRestoreRemaining(remaining: () => number): void {
    if (this.kind !== 'active') return;
    this.registry.addMetric(
      this.scope,
      { name: 'restore-remaining-records-total', group: TASK_GROUP, description: 'The total number of records remaining to be restored', tags: this.tags },
      remaining,
    );
  }

  /**
   * The sensors of a processor node: `process-rate/total` at DEBUG, and at INFO the end-to-end
   * latency of source and terminal nodes (`record-e2e-latency-avg/min/max`, against the wall-clock
   * time the task gives `onRecord`). Null when nothing is recorded.
   */
  nodeMetrics(nodeName: string, measuresE2e: boolean): NodeMetrics | null {
    const debug = this.registry.records('DEBUG');
    if (!debug && !measuresE2e) return null;
    const tags = { ...this.tags, 'processor-node-id': nodeName };
    const node = new NodeMetrics(debug, measuresE2e ? new ValueSensor() : null);
    if (debug) this.registry.addRateTotal(this.scope, NODE_GROUP, 'process', 'calls to process', tags, node);
    if (node.e2e !== null) this.registry.addAvgMax(this.scope, NODE_GROUP, 'record-e2e-latency', 'end-to-end latency of a record in ms', tags, node.e2e, true);
    return node;
  }

  /** removes the task's metrics (task closed or migrated) */
  remove(): void {
    this.registry.removeScope(this.scope);
  }
}

/**
 * The wall-clock time end-to-end latencies are measured against. The task reads its clock at most
 * once per record (Kafka Streams takes the time its task executor read for the batch), and only when
 * a node asks.
 */
export interface RecordWallClock {
  wallClockNow(): number;
}

/** What a processor node records for each record it receives. */
export class NodeMetrics {
  count = 0;

  constructor(
    private readonly counts: boolean,
    readonly e2e: ValueSensor | null,
  ) {}

  onRecord(timestamp: number, clock: RecordWallClock): void {
    if (this.counts) this.count++;
    if (this.e2e !== null) this.e2e.record(clock.wallClockNow() - timestamp);
  }
}
