import type { Processor } from '../../../processor/processor.js';
import { Record } from '../../../processor/record.js';
import { PunctuationType } from '../../../processor/punctuation.js';
import type { ValueAndTimestamp } from '../../../../state/key-value-store.js';
import type { EmitStrategy } from '../../emit-strategy.js';
import { Change } from '../change.js';
import { dropRecord } from './dropped-records.js';
import { TupleForwarder, type ChangeContext, type KTableProcessorSupplier, type KTableValueGetterSupplier } from './table-support.js';
import type { AggregationWindowStore, TimeWindowSpec, WindowBounds, WindowedKey } from '../windowing/window-spec.js';
import { windowedKey } from '../windowing/window-spec.js';
import type { LateRecordHandler } from '../windowing/late-records.js';

type Store = AggregationWindowStore<unknown, unknown>;

/** Which window starts a final emission covers, from the close time (per window type). */
export interface FinalBounds {
  lower: (close: number) => number;
  upper: (close: number) => number;
  shouldFetch: (lower: number, upper: number) => boolean;
}

/** What every windowed aggregation supplier tells `suppress(untilWindowCloses)`. */
export interface WindowedAggregateSupplier extends KTableProcessorSupplier {
  /** how long after its end a window closes (grace; for sessions inactivity gap + grace) */
  readonly windowGraceMs: number;
}

export interface WindowAggregateFunctions {
  initializer: () => unknown;
  aggregator: (key: unknown, value: unknown, aggregate: unknown) => unknown;
  /** kstreams option: drop null values instead of aggregating them (Kafka passes them on) */
  dropNullValues?: boolean;
}

/** Common parts of the time- and sliding-window aggregations: store, emit strategy, forwarder. */
export abstract class AbstractWindowAggregateSupplier implements WindowedAggregateSupplier {
  protected sendOldValues = false;

  constructor(
    protected readonly storeName: string,
    protected readonly emitStrategy: EmitStrategy,
    protected readonly onLate: LateRecordHandler | undefined,
  ) {}

  abstract readonly windowGraceMs: number;
  /** the size the windowed keys of this aggregation have (end = start + size) */
  protected abstract readonly windowSizeMs: number;

  enableSendingOldValues(): boolean {
    this.sendOldValues = true;
    return true;
  }

  view(): KTableValueGetterSupplier<unknown, unknown> {
    const storeName = this.storeName;
    return {
      get() {
        let store: Store;
        return {
          init(context) {
            store = context.getStateStore<Store>(storeName);
          },
          get(key) {
            const w = key as WindowedKey<unknown>;
            return store.fetch(w.key, w.window.start);
          },
        };
      },
      storeNames: () => [storeName],
    };
  }

  abstract get(): Processor<unknown, unknown, unknown, Change<unknown>>;
}

/**
 * The running state of one windowed-aggregation processor (Kafka Streams'
 * `AbstractKStreamTimeWindowAggregateProcessor`): observed stream time, the last close time
 * emitted, and the forwarding of updates or final results.
 */
export class WindowAggregateRuntime {
  observedStreamTime = -1;
  lastEmitWindowCloseTime = -1;
  readonly store: Store;
  private readonly forwarder: TupleForwarder | undefined;

  constructor(
    readonly context: ChangeContext,
    storeName: string,
    readonly emitStrategy: EmitStrategy,
    private readonly sendOldValues: boolean,
    private readonly onLate: LateRecordHandler | undefined,
  ) {
    this.store = context.getStateStore<Store>(storeName);
    // on window close, the final results bypass the cache: they are forwarded when fetched
    this.forwarder = emitStrategy.type === 'onWindowUpdate' ? new TupleForwarder(this.store, context, sendOldValues) : undefined;
  }

  private wallClockAtAdvance = 0;

  updateObservedStreamTime(timestamp: number): void {
    if (timestamp > this.observedStreamTime) {
      this.observedStreamTime = timestamp;
      this.wallClockAtAdvance = this.context.currentSystemTimeMs();
    }
  }

  /**
   * kstreams only (`EmitStrategy.onWindowClose({ wallClockCloseMs })`): when stream time has not
   * advanced for `wallClockCloseMs` of wall-clock time, stream time is taken to follow the wall clock,
   * so the windows of an idle input still close and emit.
   */
  startWallClockClose(graceMs: number, bounds: FinalBounds): void {
    const strategy = this.emitStrategy;
    if (strategy.type !== 'onWindowClose' || strategy.wallClockCloseMs === undefined) return;
    const idleMs = strategy.wallClockCloseMs;
    this.wallClockAtAdvance = this.context.currentSystemTimeMs();
    this.context.schedule(Math.max(1, Math.min(idleMs, 1000)), PunctuationType.WALL_CLOCK_TIME, (now) => {
      const idle = now - this.wallClockAtAdvance;
      if (this.observedStreamTime < 0 || idle < idleMs) return;
      const streamTime = this.observedStreamTime + idle;
      this.maybeForwardFinal(new Record<unknown, unknown>(null, null, streamTime), streamTime - graceMs, bounds);
    });
  }

  forwardUpdate(record: Record<unknown, unknown>, window: WindowBounds, oldAgg: unknown, newAgg: unknown, newTimestamp: number): void {
    if (this.forwarder === undefined || !this.forwarder.forwardsOnWrite) return;
    this.forwarder.maybeForward(
      record.withKey(windowedKey(record.key, window.start, window.end)).withValue(new Change(newAgg, this.sendOldValues ? oldAgg : null)).withTimestamp(newTimestamp),
    );
  }

  /** a record for a closed window: counted as dropped, and handed to the late-record handler if any */
  late(record: Record<unknown, unknown>, window: string, closeTime: number): void {
    dropRecord(this.context, `record for expired window ${window} (close time ${closeTime}, stream time ${this.observedStreamTime})`);
    this.onLate?.({ key: record.key, value: record.value, timestamp: record.timestamp, window, streamTime: this.observedStreamTime });
  }

  nullKey(): void {
    dropRecord(this.context, 'null key in a windowed aggregation');
  }

  /**
   * On window close: when the close time progressed, forwards every window starting in
   * [lower, upper] (inclusive), by start time then key, with its final value.
   */
  maybeForwardFinal(record: Record<unknown, unknown>, windowCloseTime: number, bounds: FinalBounds): void {
    if (this.emitStrategy.type !== 'onWindowClose') return;
    if (this.lastEmitWindowCloseTime !== -1 && this.lastEmitWindowCloseTime >= windowCloseTime) return;
    const upper = bounds.upper(windowCloseTime);
    if (upper < 0) return;
    const lower = bounds.lower(windowCloseTime);
    if (!bounds.shouldFetch(lower, upper)) return;
    for (const kv of this.store.fetchAll(lower, upper)) {
      const vt = kv.value as ValueAndTimestamp<unknown>;
      this.context.forward(record.withKey(kv.key).withValue(new Change(vt.value, null)).withTimestamp(vt.timestamp));
    }
    this.lastEmitWindowCloseTime = windowCloseTime;
  }
}

/**
 * `windowedBy(TimeWindows | UnlimitedWindows)` + count/reduce/aggregate (Kafka Streams'
 * `KStreamWindowAggregate`). Records with a null key are dropped; null values reach the aggregator,
 * as in Kafka Streams. A record is added to every window containing it that has not closed
 * (window end > stream time - grace); windows already closed count it as a late record.
 */
export class TimeWindowAggregateSupplier extends AbstractWindowAggregateSupplier {
  readonly windowGraceMs: number;
  protected readonly windowSizeMs: number;

  constructor(
    storeName: string,
    private readonly windows: TimeWindowSpec,
    emitStrategy: EmitStrategy,
    private readonly fns: WindowAggregateFunctions,
    onLate?: LateRecordHandler,
  ) {
    super(storeName, emitStrategy, onLate);
    this.windowGraceMs = windows.gracePeriodMs();
    this.windowSizeMs = windows.size();
  }

  get(): Processor<unknown, unknown, unknown, Change<unknown>> {
    let rt: WindowAggregateRuntime;
    const { windows, storeName, emitStrategy, onLate } = this;
    const { initializer, aggregator, dropNullValues } = this.fns;
    const size = windows.size();
    const bounds = {
      lower: (_close: number) => (rt.lastEmitWindowCloseTime === -1 ? 0 : Math.max(0, rt.lastEmitWindowCloseTime - size) + 1),
      upper: (close: number) => close - size,
      shouldFetch: (lower: number, upper: number) => {
        if (rt.lastEmitWindowCloseTime === -1) return true;
        // nothing new to emit when the same windows contain both bounds
        const a = windows.windowsFor(upper);
        const b = windows.windowsFor(lower - 1);
        return !(a.length === b.length && a.every((w, i) => w.start === b[i]!.start));
      },
    };
    return {
      init: (ctx) => {
        rt = new WindowAggregateRuntime(ctx, storeName, emitStrategy, this.sendOldValues, onLate);
        rt.startWallClockClose(windows.gracePeriodMs(), bounds);
      },
      process(record: Record<unknown, unknown>) {
        if (record.key === null || record.key === undefined) {
          rt.nullKey();
          return;
        }
        if (dropNullValues && (record.value === null || record.value === undefined)) {
          dropRecord(rt.context, 'null value in a windowed aggregation (dropNullValues)');
          return;
        }
        const timestamp = record.timestamp;
        rt.updateObservedStreamTime(timestamp);
        const closeTime = rt.observedStreamTime - windows.gracePeriodMs();
        for (const window of windows.windowsFor(timestamp)) {
          if (window.end > closeTime) {
            const old = rt.store.fetch(record.key, window.start);
            let oldAgg = old === null ? null : old.value;
            let newTimestamp: number;
            if (oldAgg === null || oldAgg === undefined) {
              oldAgg = initializer();
              newTimestamp = timestamp;
            } else {
              newTimestamp = Math.max(timestamp, old!.timestamp);
            }
            const newAgg = aggregator(record.key, record.value, oldAgg);
            rt.store.put(record.key, newAgg === null || newAgg === undefined ? null : { value: newAgg, timestamp: newTimestamp }, window.start);
            rt.forwardUpdate(record, window, oldAgg, newAgg, newTimestamp);
          } else {
            rt.late(record, `[${window.start},${window.end})`, closeTime);
          }
        }
        rt.maybeForwardFinal(record, closeTime, bounds);
      },
    };
  }
}
