import type { TimeWindowSpec, WindowBounds } from './internals/windowing/window-spec.js';

/**
 * Fixed-size windows on event time (Kafka Streams' `TimeWindows`): tumbling when `advanceMs` equals
 * the size, hopping (overlapping) when it is smaller. A window is [start, start + size); a record
 * falls into every window whose range contains its timestamp. Records that arrive after a window
 * closed (stream time >= window end + grace) are dropped and counted, never silently lost.
 */
export class TimeWindows implements TimeWindowSpec {
  readonly kind = 'time' as const;

  private constructor(
    readonly sizeMs: number,
    readonly advanceMs: number,
    readonly graceMs: number,
  ) {
    if (!Number.isInteger(sizeMs) || sizeMs <= 0) throw new RangeError(`window size must be a positive integer (ms), got ${sizeMs}`);
    if (!Number.isInteger(advanceMs) || advanceMs <= 0 || advanceMs > sizeMs) {
      throw new RangeError(`window advance must be in (0, size=${sizeMs}] ms, got ${advanceMs}`);
    }
    if (!Number.isInteger(graceMs) || graceMs < 0) throw new RangeError(`grace period must be >= 0 ms, got ${graceMs}`);
  }

  /** tumbling windows of `sizeMs` that close as soon as stream time passes their end */
  static ofSizeWithNoGrace(sizeMs: number): TimeWindows {
    return new TimeWindows(sizeMs, sizeMs, 0);
  }

  /** tumbling windows of `sizeMs` that accept out-of-order records for `graceMs` after their end */
  static ofSizeAndGrace(sizeMs: number, graceMs: number): TimeWindows {
    return new TimeWindows(sizeMs, sizeMs, graceMs);
  }

  /** hopping windows: a new window starts every `advanceMs` */
  advanceBy(advanceMs: number): TimeWindows {
    return new TimeWindows(this.sizeMs, advanceMs, this.graceMs);
  }

  size(): number {
    return this.sizeMs;
  }

  gracePeriodMs(): number {
    return this.graceMs;
  }

  /** every window containing `timestamp`, by ascending start */
  windowsFor(timestamp: number): WindowBounds[] {
    const out: WindowBounds[] = [];
    let start = Math.floor(Math.max(0, timestamp - this.sizeMs + this.advanceMs) / this.advanceMs) * this.advanceMs;
    while (start <= timestamp) {
      out.push({ start, end: start + this.sizeMs });
      start += this.advanceMs;
    }
    return out;
  }
}
