/**
 * Sessions of activity per key (Kafka Streams' `SessionWindows`): records closer than the
 * inactivity gap belong to one session; a record that bridges two sessions merges them. A session
 * [start, end] spans its first and last record (both inclusive) and closes once stream time passes
 * end + gap + grace.
 */
export class SessionWindows {
  readonly kind = 'session' as const;

  private constructor(
    readonly inactivityGapMs: number,
    readonly graceMs: number,
  ) {
    if (!Number.isInteger(inactivityGapMs) || inactivityGapMs <= 0) throw new RangeError(`inactivity gap must be > 0 ms, got ${inactivityGapMs}`);
    if (!Number.isInteger(graceMs) || graceMs < 0) throw new RangeError(`grace period must be >= 0 ms, got ${graceMs}`);
  }

  static ofInactivityGapWithNoGrace(inactivityGapMs: number): SessionWindows {
    return new SessionWindows(inactivityGapMs, 0);
  }

  static ofInactivityGapAndGrace(inactivityGapMs: number, graceMs: number): SessionWindows {
    return new SessionWindows(inactivityGapMs, graceMs);
  }

  inactivityGap(): number {
    return this.inactivityGapMs;
  }

  gracePeriodMs(): number {
    return this.graceMs;
  }
}
