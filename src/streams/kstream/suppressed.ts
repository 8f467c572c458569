/**
 * How `KTable.suppress` holds back updates (Kafka Streams' `Suppressed` with its `BufferConfig`).
 * - `untilWindowCloses`: one final result per window of a windowed table, when stream time passes
 *   the window end plus grace; deletes are dropped.
 * - `untilTimeLimit`: the latest update of a key once `timeLimitMs` of stream time has passed since
 *   the key's first buffered update; a full buffer (`maxRecords`) emits its oldest entries early.
 */
export type Suppressed =
  | { readonly until: 'windowCloses'; readonly name?: string }
  | { readonly until: 'timeLimit'; readonly timeLimitMs: number; readonly maxRecords?: number; readonly name?: string };

export const Suppressed = {
  untilWindowCloses(options: { name?: string } = {}): Suppressed {
    return { until: 'windowCloses', ...options };
  },
  untilTimeLimit(timeLimitMs: number, options: { maxRecords?: number; name?: string } = {}): Suppressed {
    if (timeLimitMs < 0) throw new RangeError(`time limit must be >= 0, got ${timeLimitMs}`);
    return { until: 'timeLimit', timeLimitMs, ...options };
  },
};
