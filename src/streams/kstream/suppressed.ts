/**
 * How full a suppression buffer may get and what happens then (Kafka Streams' `BufferConfig`):
 * limits on records and/or bytes; when a limit is exceeded the buffer either emits its oldest
 * records early (`emitEarly`) or stops the application with an error (`shutDown`).
 */
export interface BufferConfig {
  readonly maxRecords?: number;
  readonly maxBytes?: number;
  readonly whenFull: 'emitEarly' | 'shutDown';
}

export const BufferConfig = {
  /** no limit (as Kafka's `unbounded()`: it never emits early; memory is the limit) */
  unbounded(): BufferConfig {
    return { whenFull: 'shutDown' };
  },
  /** at most `maxRecords` records; emits the oldest early when full (change with `shutDownWhenFull`) */
  maxRecords(maxRecords: number): BufferConfig {
    if (!Number.isInteger(maxRecords) || maxRecords < 0) throw new RangeError(`maxRecords must be >= 0, got ${maxRecords}`);
    return { maxRecords, whenFull: 'emitEarly' };
  },
  /** at most `maxBytes` bytes (keys, values and record metadata); emits early when full by default */
  maxBytes(maxBytes: number): BufferConfig {
    if (!Number.isInteger(maxBytes) || maxBytes < 0) throw new RangeError(`maxBytes must be >= 0, got ${maxBytes}`);
    return { maxBytes, whenFull: 'emitEarly' };
  },
  withMaxRecords(config: BufferConfig, maxRecords: number): BufferConfig {
    return { ...config, maxRecords };
  },
  withMaxBytes(config: BufferConfig, maxBytes: number): BufferConfig {
    return { ...config, maxBytes };
  },
  emitEarlyWhenFull(config: BufferConfig): BufferConfig {
    return { ...config, whenFull: 'emitEarly' };
  },
  shutDownWhenFull(config: BufferConfig): BufferConfig {
    return { ...config, whenFull: 'shutDown' };
  },
};

/**
 * What `KTable.suppress` holds back (Kafka Streams' `Suppressed`):
 * - `untilWindowCloses`: only the final result of each window, once stream time passes window end +
 *   grace (windowed tables only); tombstones of windows are dropped;
 * - `untilTimeLimit`: the latest update per key, emitted `timeLimitMs` (stream time) after the first
 *   update of that key was buffered; works on any table.
 *
 * `wallClockCloseMs` (kstreams only, opt-in): when stream time has not advanced for that much
 * wall-clock time, stream time is taken to advance with the wall clock, so that an idle input still
 * gets its final results out (Kafka Streams waits for the next record).
 */
export interface Suppressed {
  readonly until: 'windowCloses' | 'timeLimit';
  readonly timeLimitMs?: number;
  readonly bufferConfig: BufferConfig;
  readonly name?: string;
  readonly wallClockCloseMs?: number;
}

export const Suppressed = {
  untilWindowCloses(bufferConfig: BufferConfig = BufferConfig.unbounded(), options: { name?: string; wallClockCloseMs?: number } = {}): Suppressed {
    return { until: 'windowCloses', bufferConfig, ...options };
  },
  untilTimeLimit(timeLimitMs: number, bufferConfig: BufferConfig = BufferConfig.unbounded(), options: { name?: string; wallClockCloseMs?: number } = {}): Suppressed {
    if (!Number.isInteger(timeLimitMs) || timeLimitMs < 0) throw new RangeError(`time limit must be >= 0 ms, got ${timeLimitMs}`);
    return { until: 'timeLimit', timeLimitMs, bufferConfig, ...options };
  },
  withName(suppressed: Suppressed, name: string): Suppressed {
    return { ...suppressed, name };
  },
};
