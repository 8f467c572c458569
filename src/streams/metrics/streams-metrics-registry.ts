import type { MetricName, MetricValue } from './metric-name.js';
import { parseRecordingLevel, shouldRecord, type RecordingLevel } from './recording-level.js';
import { LazyRate, type CountSensor, type ValueSensor } from './sensors.js';

interface Entry {
  readonly name: MetricName;
  readonly kind: 'counter' | 'gauge';
  readonly read: () => number;
  readonly scope: string;
}

export interface StreamsMetricsRegistryOptions {
  /** `metrics.recording.level` (default INFO) */
  recordingLevel?: RecordingLevel;
  /** clock for rates, ms (default `Date.now`) */
  clock?: () => number;
  /** `metrics.sample.window.ms` (default 30000) */
  sampleWindowMs?: number;
}

/**
 * All metrics of one Streams client (Kafka's `StreamsMetricsImpl` over `Metrics`). Parts of the
 * engine hold their sensors directly and record into them; the registry only knows how to read
 * them. Metrics are registered under a scope (e.g. a task) so they can be removed together.
 */
export class StreamsMetricsRegistry {
  readonly recordingLevel: RecordingLevel;
  readonly clock: () => number;
  private readonly windowMs: number;
  private readonly entries = new Map<string, Entry>();

  constructor(options: StreamsMetricsRegistryOptions = {}) {
    this.recordingLevel = options.recordingLevel ?? 'INFO';
    this.clock = options.clock ?? Date.now;
    this.windowMs = options.sampleWindowMs ?? 30_000;
  }

  /** a registry configured from Streams config (`metrics.recording.level`, `metrics.sample.window.ms`) */
  static fromConfig(config: Readonly<Record<string, unknown>>, clock?: () => number): StreamsMetricsRegistry {
    const window = config['metrics.sample.window.ms'];
    const options: StreamsMetricsRegistryOptions = { recordingLevel: parseRecordingLevel(config['metrics.recording.level']) };
    if (typeof window === 'number' || typeof window === 'string') options.sampleWindowMs = Number(window);
    if (clock !== undefined) options.clock = clock;
    return new StreamsMetricsRegistry(options);
  }

  /** whether sensors of this level are recorded */
  records(level: RecordingLevel): boolean {
    return shouldRecord(this.recordingLevel, level);
  }

  /** registers a metric read from a function; replaces one with the same name and tags */
  addMetric(scope: string, name: MetricName, read: () => number, kind: 'counter' | 'gauge' = 'gauge'): void {
    this.entries.set(metricKey(name), { name, kind, read, scope });
  }

  /** `<name>-rate` and `<name>-total` of a count */
  addRateTotal(scope: string, group: string, name: string, description: string, tags: Readonly<Record<string, string>>, sensor: CountSensor | { readonly count: number }): void {
    const total = (): number => sensor.count;
    const rate = new LazyRate(total, this.clock, this.windowMs);
    this.addMetric(scope, { name: `${name}-rate`, group, description: `The average number of ${description} per second`, tags }, () => rate.value());
    this.addMetric(scope, { name: `${name}-total`, group, description: `The total number of ${description}`, tags }, total, 'counter');
  }

  /** `<name>-avg` and `<name>-max` (and `-min` when asked) of values */
  addAvgMax(scope: string, group: string, name: string, description: string, tags: Readonly<Record<string, string>>, sensor: ValueSensor, withMin = false): void {
    this.addMetric(scope, { name: `${name}-avg`, group, description: `The average ${description}`, tags }, () => sensor.avg());
    this.addMetric(scope, { name: `${name}-max`, group, description: `The maximum ${description}`, tags }, () => sensor.max);
    if (withMin) this.addMetric(scope, { name: `${name}-min`, group, description: `The minimum ${description}`, tags }, () => sensor.min);
  }

  /** rate, total, latency avg and max of an operation timed by one sensor (Kafka's invocation-rate-and-latency sensors) */
  addLatencyRateTotal(scope: string, group: string, operation: string, tags: Readonly<Record<string, string>>, sensor: ValueSensor, total = true): void {
    const count = (): number => sensor.count;
    const rate = new LazyRate(count, this.clock, this.windowMs);
    this.addMetric(scope, { name: `${operation}-rate`, group, description: `The average number of ${operation} calls per second`, tags }, () => rate.value());
    if (total) this.addMetric(scope, { name: `${operation}-total`, group, description: `The total number of ${operation} calls`, tags }, count, 'counter');
    this.addAvgMax(scope, group, `${operation}-latency`, `latency of ${operation} calls in ms`, tags, sensor);
  }

  /** removes every metric of a scope (a closed task, a removed thread) */
  removeScope(scope: string): void {
    for (const [key, e] of this.entries) if (e.scope === scope) this.entries.delete(key);
  }

  /** the current value of every metric */
  metrics(): MetricValue[] {
    const out: MetricValue[] = [];
    for (const e of this.entries.values()) {
      out.push({ name: e.name.name, group: e.name.group, description: e.name.description, tags: e.name.tags, kind: e.kind, value: e.read() });
    }
    return out;
  }
}

function metricKey(name: MetricName): string {
  const tags = Object.keys(name.tags)
    .sort()
    .map((k) => `${k}=${name.tags[k]}`)
    .join(',');
  return `${name.group}:${name.name}:${tags}`;
}
