/**
 * Session windows for `KGroupedStream.windowedBy` (Kafka Streams' `SessionWindows`): records of a
 * key closer than `inactivityGapMs` to each other form one session [first, last]; a record between
 * two sessions merges them. Sessions close `graceMs` after their inactivity gap has passed.
 */
export interface SessionWindows {
  readonly kind: 'session';
  readonly inactivityGapMs: number;
  readonly graceMs: number;
}

export const SessionWindows = {
  ofInactivityGapAndGrace(inactivityGapMs: number, graceMs: number): SessionWindows {
    if (!(inactivityGapMs > 0)) throw new RangeError(`inactivity gap must be > 0, got ${inactivityGapMs}`);
    if (graceMs < 0) throw new RangeError(`grace must be >= 0, got ${graceMs}`);
    return { kind: 'session', inactivityGapMs, graceMs };
  },
  ofInactivityGapWithNoGrace(inactivityGapMs: number): SessionWindows {
    return SessionWindows.ofInactivityGapAndGrace(inactivityGapMs, 0);
  },
};
