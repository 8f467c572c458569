/**
 * Windows of a fixed time difference that slide with the records (Kafka Streams' `SlidingWindows`):
 * two records fall into a common window when their timestamps differ by at most `timeDifferenceMs`.
 * Windows are created only where records are, as [t - diff, t] and [t + 1, t + 1 + diff]; both
 * bounds are inclusive. Records with a null value are dropped (unlike time and session windows).
 */
export class SlidingWindows {
  readonly kind = 'sliding' as const;

  private constructor(
    readonly timeDifferenceMs: number,
    readonly graceMs: number,
  ) {
    if (!Number.isInteger(timeDifferenceMs) || timeDifferenceMs < 0) throw new RangeError(`time difference must be >= 0 ms, got ${timeDifferenceMs}`);
    if (!Number.isInteger(graceMs) || graceMs < 0) throw new RangeError(`grace period must be >= 0 ms, got ${graceMs}`);
  }

  static ofTimeDifferenceWithNoGrace(timeDifferenceMs: number): SlidingWindows {
    return new SlidingWindows(timeDifferenceMs, 0);
  }

  static ofTimeDifferenceAndGrace(timeDifferenceMs: number, graceMs: number): SlidingWindows {
    return new SlidingWindows(timeDifferenceMs, graceMs);
  }

  gracePeriodMs(): number {
    return this.graceMs;
  }
}
