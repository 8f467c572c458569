import { StoreMetrics, type StoreOperation } from '../../state/store-metrics.js';
import { STATE_GROUP } from './metric-name.js';
import { ValueSensor } from './sensors.js';
import type { TaskMetrics } from './task-metrics.js';

const OPERATIONS: readonly StoreOperation[] = ['put', 'get', 'delete', 'range', 'flush', 'restore', 'fetch', 'remove'];

/** a store whose metered layer exposes its `StoreMetrics` */
function storeMetricsOf(store: unknown): StoreMetrics | undefined {
  if (typeof store !== 'object' || store === null || !('metrics' in store)) return undefined;
  const m = (store as { metrics: unknown }).metrics;
  return m instanceof StoreMetrics ? m : undefined;
}

/**
 * Binds a store's metered layer to `stream-state-metrics` (tags `thread-id`, `task-id`,
 * `<store-type>-state-id`) at DEBUG: `<op>-rate`, `<op>-latency-avg`, `<op>-latency-max` for put,
 * get, delete, range, flush, restore, fetch and remove. Below DEBUG the store keeps no recorder and
 * reads no clock. At TRACE also `record-e2e-latency-avg/min/max`: on each put, how old the record
 * being processed is (`recordAge`, ms). Returns whether the store was bound.
 */
export function bindStoreMetrics(task: TaskMetrics, store: unknown, recordAge?: () => number): boolean {
  if (!task.registry.records('DEBUG')) return false;
  const m = storeMetricsOf(store);
  if (m === undefined) return false;
  const tags = { ...task.tags, [`${m.scope}-state-id`]: m.storeName };
  const sensors = new Map<StoreOperation, ValueSensor>();
  for (const op of OPERATIONS) {
    const sensor = new ValueSensor();
    sensors.set(op, sensor);
    task.registry.addLatencyRateTotal(task.scope, STATE_GROUP, op, tags, sensor, false);
  }
  const put = sensors.get('put')!;
  const get = sensors.get('get')!;
  if (recordAge !== undefined && task.registry.records('TRACE')) {
    const e2e = new ValueSensor();
    task.registry.addAvgMax(task.scope, STATE_GROUP, 'record-e2e-latency', 'end-to-end latency of a record written to the store, in ms', tags, e2e, true);
    m.recorder = (_store, operation, durationMs) => {
      if (operation === 'put') {
        put.record(durationMs);
        e2e.record(recordAge());
      } else if (operation === 'get') get.record(durationMs);
      else sensors.get(operation)?.record(durationMs);
    };
    return true;
  }
  m.recorder = (_store, operation, durationMs) => {
    if (operation === 'put') put.record(durationMs);
    else if (operation === 'get') get.record(durationMs);
    else sensors.get(operation)?.record(durationMs);
  };
  return true;
}

/**
 * Records one restoration step of a store (a batch of changelog records applied in `durationMs`)
 * in its `restore-rate` / `restore-latency-*` metrics. The restorer calls this with the store
 * registered for the changelog; it does nothing when the store is not bound (below DEBUG).
 */
export function recordStoreRestore(store: unknown, durationMs: number): void {
  const m = storeMetricsOf(store);
  m?.recorder?.(m.storeName, 'restore', durationMs);
}
