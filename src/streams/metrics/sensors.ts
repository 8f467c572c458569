/**
 * The measurable things behind metrics. Recording is a few field updates, no allocation; the
 * derived values (rates, averages) are computed when metrics are read.
 */

/** Counts events (a `-total` metric, and the base of a `-rate`). */
export class CountSensor {
  count = 0;

  record(n = 1): void {
    this.count += n;
  }
}

/** Records values (latencies in ms, lateness): count, sum, min and max, for `-avg`/`-min`/`-max`. */
export class ValueSensor {
  count = 0;
  sum = 0;
  max = Number.NaN;
  min = Number.NaN;

  record(value: number): void {
    this.count++;
    this.sum += value;
    if (!(value <= this.max)) this.max = value;
    if (!(value >= this.min)) this.min = value;
  }

  /** records `n` events with `total` summed value, e.g. a batch of n records processed in `total` ms */
  recordBatch(n: number, total: number): void {
    if (n <= 0) return;
    const avg = total / n;
    this.count += n;
    this.sum += total;
    if (!(avg <= this.max)) this.max = avg;
    if (!(avg >= this.min)) this.min = avg;
  }

  avg(): number {
    return this.count === 0 ? Number.NaN : this.sum / this.count;
  }
}

/**
 * A rate over a sliding window of two samples (as Kafka's sampled `Rate` with
 * `metrics.sample.window.ms`), computed lazily from a monotonically growing total: recording
 * pays nothing, reading rolls the window.
 */
export class LazyRate {
  private prevStart: number;
  private prevTotal = 0;
  private curStart: number;
  private curTotal = 0;

  constructor(
    private readonly total: () => number,
    private readonly clock: () => number,
    private readonly windowMs: number,
  ) {
    this.prevStart = clock();
    this.curStart = this.prevStart;
  }

  /** events per second */
  value(): number {
    const now = this.clock();
    const total = this.total();
    if (now - this.curStart >= this.windowMs) {
      this.prevStart = this.curStart;
      this.prevTotal = this.curTotal;
      this.curStart = now;
      this.curTotal = total;
    }
    const elapsedMs = now - this.prevStart;
    if (elapsedMs <= 0) return 0;
    return ((total - this.prevTotal) * 1000) / elapsedMs;
  }
}

/** milliseconds with sub-millisecond precision, for latencies */
export const nowMs: () => number = () => performance.now();
