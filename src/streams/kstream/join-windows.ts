/**
 * The time range of a stream-stream join (Kafka Streams' `JoinWindows`): a record joins records of
 * the other stream whose timestamps lie in [ts - beforeMs, ts + afterMs]; records arriving more than
 * `graceMs` after the window closed are dropped.
 */
export interface JoinWindows {
  readonly beforeMs: number;
  readonly afterMs: number;
  readonly graceMs: number;
}

export const JoinWindows = {
  ofTimeDifferenceAndGrace(timeDifferenceMs: number, graceMs: number): JoinWindows {
    if (timeDifferenceMs < 0 || graceMs < 0) throw new RangeError('join window difference and grace must be >= 0');
    return { beforeMs: timeDifferenceMs, afterMs: timeDifferenceMs, graceMs };
  },
  ofTimeDifferenceWithNoGrace(timeDifferenceMs: number): JoinWindows {
    return JoinWindows.ofTimeDifferenceAndGrace(timeDifferenceMs, 0);
  },
  /** asymmetric windows: `{ ...JoinWindows.ofTimeDifferenceAndGrace(10, 0), beforeMs: 5 }` works too */
  asymmetric(beforeMs: number, afterMs: number, graceMs = 0): JoinWindows {
    if (beforeMs + afterMs < 0) throw new RangeError('join window size must be >= 0');
    return { beforeMs, afterMs, graceMs };
  },
  /** the span of the window: before + after */
  size(w: JoinWindows): number {
    return w.beforeMs + w.afterMs;
  },
};
