import type { TimeWindowSpec, WindowBounds } from './internals/windowing/window-spec.js';

/** The end of an unlimited window (Kafka uses Long.MAX_VALUE; this is the largest exact JS integer). */
export const UNLIMITED_WINDOW_END = Number.MAX_SAFE_INTEGER;

/**
 * One window per key that starts at `startMs` and never ends (Kafka Streams' `UnlimitedWindows`):
 * an aggregation over all time from a starting point. Records before the start are ignored.
 */
export class UnlimitedWindows implements TimeWindowSpec {
  readonly kind = 'time' as const;

  private constructor(readonly startMs: number) {
    if (!Number.isInteger(startMs) || startMs < 0) throw new RangeError(`start must be >= 0 ms, got ${startMs}`);
  }

  static of(): UnlimitedWindows {
    return new UnlimitedWindows(0);
  }

  startOn(startMs: number): UnlimitedWindows {
    return new UnlimitedWindows(startMs);
  }

  size(): number {
    return UNLIMITED_WINDOW_END;
  }

  gracePeriodMs(): number {
    return 0;
  }

  windowsFor(timestamp: number): WindowBounds[] {
    return timestamp >= this.startMs ? [{ start: this.startMs, end: UNLIMITED_WINDOW_END }] : [];
  }
}
