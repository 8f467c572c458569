/** Identity of a metric, as Kafka's `MetricName`: name, group, description and tags. */
export interface MetricName {
  readonly name: string;
  readonly group: string;
  readonly description: string;
  readonly tags: Readonly<Record<string, string>>;
}

/** A metric's current value with its name (what `metrics()` returns). */
export interface MetricValue extends MetricName {
  readonly value: number;
  /** 'counter' for `-total` metrics, 'gauge' for everything else (rates, averages, maxima) */
  readonly kind: 'counter' | 'gauge';
}

/** Kafka Streams' metric groups. */
export const THREAD_GROUP = 'stream-thread-metrics';
export const TASK_GROUP = 'stream-task-metrics';
export const NODE_GROUP = 'stream-processor-node-metrics';
export const STATE_GROUP = 'stream-state-metrics';
export const CLIENT_GROUP = 'stream-metrics';
