/**
 * Fixed-size windows for `KGroupedStream.windowedBy` (Kafka Streams' `TimeWindows`): tumbling when
 * `advanceMs === sizeMs`, hopping when smaller. A window [start, start + size) closes when stream
 * time passes its end plus `graceMs`; later records for it are dropped.
 */
export interface TimeWindows {
  readonly kind: 'time';
  readonly sizeMs: number;
  readonly advanceMs: number;
  readonly graceMs: number;
}

export const TimeWindows = {
  ofSizeAndGrace(sizeMs: number, graceMs: number): TimeWindows {
    if (!(sizeMs > 0)) throw new RangeError(`window size must be > 0, got ${sizeMs}`);
    if (graceMs < 0) throw new RangeError(`grace must be >= 0, got ${graceMs}`);
    return { kind: 'time', sizeMs, advanceMs: sizeMs, graceMs };
  },
  ofSizeWithNoGrace(sizeMs: number): TimeWindows {
    return TimeWindows.ofSizeAndGrace(sizeMs, 0);
  },
  /** hopping windows: a new window every `advanceMs` (0 < advance <= size) */
  advanceBy(windows: TimeWindows, advanceMs: number): TimeWindows {
    if (!(advanceMs > 0) || advanceMs > windows.sizeMs) throw new RangeError(`advance must be in (0, ${windows.sizeMs}], got ${advanceMs}`);
    return { ...windows, advanceMs };
  },
  /** the start times of the windows a timestamp falls into, oldest first */
  windowStartsFor(windows: TimeWindows, timestamp: number): number[] {
    const starts: number[] = [];
    let start = Math.floor(Math.max(0, timestamp - windows.sizeMs + windows.advanceMs) / windows.advanceMs) * windows.advanceMs;
    for (; start <= timestamp; start += windows.advanceMs) starts.push(start);
    return starts;
  },
};
