import type { Processor } from '../../../processor/processor.js';
import type { Record } from '../../../processor/record.js';
import type { ValueAndTimestamp } from '../../../../state/key-value-store.js';
import type { EmitStrategy } from '../../emit-strategy.js';
import type { SlidingWindows } from '../../sliding-windows.js';
import type { Change } from '../change.js';
import type { WindowBounds } from '../windowing/window-spec.js';
import type { LateRecordHandler } from '../windowing/late-records.js';
import { AbstractWindowAggregateSupplier, WindowAggregateRuntime, type WindowAggregateFunctions } from './time-window-aggregate.js';

type VT = ValueAndTimestamp<unknown>;

/**
 * `windowedBy(SlidingWindows)` + count/reduce/aggregate (Kafka Streams'
 * `KStreamSlidingWindowAggregate`). Each record creates its left window [t - diff, t] and, when a
 * later record exists within diff, its right window [t + 1, t + 1 + diff]; it is added to every
 * existing window containing it. Records with a null key or value are dropped.
 */
export class SlidingWindowAggregateSupplier extends AbstractWindowAggregateSupplier {
  readonly windowGraceMs: number;
  protected readonly windowSizeMs: number;

  constructor(
    storeName: string,
    private readonly windows: SlidingWindows,
    emitStrategy: EmitStrategy,
    private readonly fns: WindowAggregateFunctions,
    onLate?: LateRecordHandler,
  ) {
    super(storeName, emitStrategy, onLate);
    this.windowGraceMs = windows.gracePeriodMs();
    this.windowSizeMs = windows.timeDifferenceMs;
  }

  get(): Processor<unknown, unknown, unknown, Change<unknown>> {
    let rt: WindowAggregateRuntime;
    const { storeName, emitStrategy, onLate } = this;
    const { initializer, aggregator } = this.fns;
    const diff = this.windows.timeDifferenceMs;
    const grace = this.windows.gracePeriodMs();
    const bounds = {
      lower: () => (rt.lastEmitWindowCloseTime === -1 ? 0 : Math.max(0, rt.lastEmitWindowCloseTime - diff)),
      upper: (close: number) => close - diff - 1,
      shouldFetch: () => true,
    };

    const win = (start: number): WindowBounds => ({ start, end: start + diff });

    const updateWindowAndForward = (window: WindowBounds, valueAndTime: VT | null, record: Record<unknown, unknown>, closeTime: number): void => {
      if (window.end >= closeTime) {
        const oldAgg = valueAndTime === null ? null : valueAndTime.value;
        const newAgg = aggregator(record.key, record.value, oldAgg);
        const newTimestamp = oldAgg === null ? record.timestamp : Math.max(record.timestamp, valueAndTime!.timestamp);
        rt.store.put(record.key, newAgg === null || newAgg === undefined ? null : { value: newAgg, timestamp: newTimestamp }, window.start);
        rt.forwardUpdate(record, window, oldAgg, newAgg, newTimestamp);
      } else {
        rt.late(record, `[${window.start},${window.end}]`, closeTime);
      }
    };

    const createCurrentRecordRightWindow = (ts: number, rightWinAgg: VT, record: Record<unknown, unknown>): void => {
      const window = win(ts + 1);
      rt.store.put(record.key, rightWinAgg, window.start);
      rt.forwardUpdate(record, window, null, rightWinAgg.value, rightWinAgg.timestamp);
    };

    const createPreviousRecordRightWindow = (start: number, record: Record<unknown, unknown>, closeTime: number): void => {
      updateWindowAndForward(win(start), { value: initializer(), timestamp: record.timestamp }, record, closeTime);
    };

    const rightWindowIsNotEmpty = (rightWinAgg: VT | null, ts: number): rightWinAgg is VT => rightWinAgg !== null && rightWinAgg.timestamp > ts;

    const processEarly = (record: Record<unknown, unknown>, closeTime: number): void => {
      const ts = record.timestamp;
      let combined: { start: number; value: VT } | null = null;
      let rightWinAgg: VT | null = null;
      let rightWinAlreadyCreated = false;
      const starts = new Set<number>();
      let previousRecordTimestamp: number | null = null;
      for (const kv of rt.store.fetchWindows(record.key, 0, ts + 1)) {
        const start = kv.key;
        const value = kv.value as VT;
        starts.add(start);
        if (start === 0) {
          combined = { start, value };
          if (value.timestamp < ts) previousRecordTimestamp = value.timestamp;
        } else if (start <= ts) {
          rightWinAgg = value;
          updateWindowAndForward(win(start), value, record, closeTime);
        } else if (start === ts + 1) {
          rightWinAlreadyCreated = true;
        } else {
          throw new Error(`unexpected sliding window [${start}] for a record at ${ts}`);
        }
      }
      if (rightWinAgg === null && combined !== null && combined.value.timestamp > ts) rightWinAgg = combined.value;
      if (!rightWinAlreadyCreated && rightWindowIsNotEmpty(rightWinAgg, ts)) createCurrentRecordRightWindow(ts, rightWinAgg, record);
      if (previousRecordTimestamp !== null && !starts.has(previousRecordTimestamp + 1)) createPreviousRecordRightWindow(previousRecordTimestamp + 1, record, closeTime);
      if (combined === null) updateWindowAndForward(win(0), { value: initializer(), timestamp: ts }, record, closeTime);
      else updateWindowAndForward(win(combined.start), combined.value, record, closeTime);
    };

    const processReverse = (record: Record<unknown, unknown>, closeTime: number): void => {
      const ts = record.timestamp;
      const starts = new Set<number>();
      let leftWinAgg: VT | null = null;
      let rightWinAgg: VT | null = null;
      let leftWinAlreadyCreated = false;
      let rightWinAlreadyCreated = false;
      let previousRecordTimestamp: number | null = null;
      for (const kv of rt.store.backwardFetchWindows(record.key, Math.max(0, ts - 2 * diff), ts + 1)) {
        const start = kv.key;
        const value = kv.value as VT;
        starts.add(start);
        const end = start + diff;
        const windowMaxRecordTimestamp = value.timestamp;
        if (start === ts + 1) {
          rightWinAlreadyCreated = true;
        } else if (end > ts) {
          rightWinAgg ??= value;
          updateWindowAndForward(win(start), value, record, closeTime);
        } else if (end === ts) {
          leftWinAlreadyCreated = true;
          updateWindowAndForward(win(start), value, record, closeTime);
          if (windowMaxRecordTimestamp < ts) previousRecordTimestamp = windowMaxRecordTimestamp;
          else return;
        } else {
          leftWinAgg = value;
          previousRecordTimestamp = windowMaxRecordTimestamp;
          break;
        }
      }
      // createWindows
      if (previousRecordTimestamp !== null) {
        const previousRightWinStart = previousRecordTimestamp + 1;
        if (!starts.has(previousRightWinStart) && previousRightWinStart + diff >= ts) createPreviousRecordRightWindow(previousRightWinStart, record, closeTime);
      }
      if (!leftWinAlreadyCreated) {
        const leftNotEmpty = previousRecordTimestamp !== null && ts - diff <= previousRecordTimestamp;
        const valueAndTime: VT = leftNotEmpty ? { value: leftWinAgg!.value, timestamp: ts } : { value: initializer(), timestamp: ts };
        updateWindowAndForward(win(ts - diff), valueAndTime, record, closeTime);
      }
      if (!rightWinAlreadyCreated && rightWindowIsNotEmpty(rightWinAgg, ts)) createCurrentRecordRightWindow(ts, rightWinAgg, record);
    };

    return {
      init: (ctx) => {
        rt = new WindowAggregateRuntime(ctx, storeName, emitStrategy, this.sendOldValues, onLate);
        rt.startWallClockClose(grace, bounds);
      },
      process(record: Record<unknown, unknown>) {
        if (record.key === null || record.key === undefined || record.value === null || record.value === undefined) {
          rt.nullKey();
          return;
        }
        rt.updateObservedStreamTime(record.timestamp);
        const closeTime = rt.observedStreamTime - grace;
        const ts = record.timestamp;
        if (ts + diff < closeTime) {
          rt.late(record, `[${ts},${ts + diff}]`, closeTime);
          return;
        }
        if (ts < diff) {
          processEarly(record, closeTime);
          return;
        }
        processReverse(record, closeTime);
        rt.maybeForwardFinal(record, closeTime, bounds);
      },
    };
  }
}
