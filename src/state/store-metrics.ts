/** Operations a metered store counts. */
export type StoreOperation = 'put' | 'get' | 'delete' | 'range' | 'flush' | 'restore' | 'fetch' | 'remove';

/** Receives the duration of each store operation, for the metrics of the runtime (optional). */
export type StoreLatencyRecorder = (storeName: string, operation: StoreOperation, durationMs: number) => void;

/**
 * Counters of a metered store. Counting is a field increment; latencies are measured only when
 * a recorder is set, so a store with no metrics reporter pays nothing more.
 */
export class StoreMetrics {
  puts = 0;
  gets = 0;
  deletes = 0;
  ranges = 0;
  flushes = 0;
  recorder: StoreLatencyRecorder | undefined = undefined;

  constructor(
    readonly storeName: string,
    readonly scope: string,
  ) {}
}
