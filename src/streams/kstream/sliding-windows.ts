/**
 * Sliding windows for `KGroupedStream.windowedBy` (Kafka Streams' `SlidingWindows`): a window
 * [t - timeDifference, t] ends at every record, and one starts just after it, so each distinct set
 * of records within `timeDifferenceMs` of each other has exactly one window.
 */
export interface SlidingWindows {
  readonly kind: 'sliding';
  readonly timeDifferenceMs: number;
  readonly graceMs: number;
}

export const SlidingWindows = {
  ofTimeDifferenceAndGrace(timeDifferenceMs: number, graceMs: number): SlidingWindows {
    if (timeDifferenceMs < 0 || graceMs < 0) throw new RangeError('time difference and grace must be >= 0');
    return { kind: 'sliding', timeDifferenceMs, graceMs };
  },
  ofTimeDifferenceWithNoGrace(timeDifferenceMs: number): SlidingWindows {
    return SlidingWindows.ofTimeDifferenceAndGrace(timeDifferenceMs, 0);
  },
};
