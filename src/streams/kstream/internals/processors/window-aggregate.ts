import type { Processor } from '../../../processor/processor.js';
import type { Record } from '../../../processor/record.js';
import type { TimestampedWindowStore } from '../../../../state/window-store.js';
import { TimeWindow, Windowed } from '../../windowed.js';
import { TimeWindows } from '../../time-windows.js';
import { Change } from '../change.js';
import { dropRecord } from './dropped-records.js';
import { TupleForwarder, makeValueAndTimestamp, type ChangeContext, type KTableProcessorSupplier, type KTableValueGetterSupplier } from './table-support.js';

type AnyWindowStore = TimestampedWindowStore<unknown, unknown> & { windowedKeyFactory?: unknown };

/**
 * A windowed aggregation over time windows (Kafka Streams' `KStreamWindowAggregate`, emitting on
 * every update): each record updates every window it falls into that has not closed (window end >
 * stream time - grace); records for closed windows are dropped and counted. Null keys are dropped;
 * null values reach the aggregator.
 */
export class KStreamWindowAggregateSupplier implements KTableProcessorSupplier {
  private sendOldValues = false;

  constructor(
    private readonly windows: TimeWindows,
    private readonly storeName: string,
    private readonly initializer: () => unknown,
    private readonly aggregator: (key: unknown, value: unknown, aggregate: unknown) => unknown,
    /** onWindowClose: no updates; each window is emitted once, when it closes */
    private readonly emitOnWindowClose = false,
    /** the retention the user asked for (the store keeps more, see WindowStoreMaterializer) */
    private readonly retentionMs = windows.sizeMs + windows.graceMs,
  ) {}

  enableSendingOldValues(): boolean {
    this.sendOldValues = true;
    return true;
  }

  view(): KTableValueGetterSupplier<unknown, unknown> {
    const storeName = this.storeName;
    return {
      get() {
        let store: AnyWindowStore;
        return {
          init(ctx) {
            store = ctx.getStateStore<AnyWindowStore>(storeName);
          },
          get(key) {
            const w = key as Windowed<unknown>;
            return store.fetch(w.key, w.window.start);
          },
        };
      },
      storeNames: () => [storeName],
    };
  }

  get(): Processor<unknown, unknown, unknown, Change<unknown>> {
    const { windows, storeName, initializer, aggregator, emitOnWindowClose, retentionMs } = this;
    const sendOldValues = this.sendOldValues;
    let context: ChangeContext;
    let store: AnyWindowStore;
    let forwarder: TupleForwarder;
    let observedStreamTime = -1;
    let lastEmitWindowCloseTime = -1;
    const sameWindows = (a: number, b: number): boolean => {
      const x = TimeWindows.windowStartsFor(windows, a);
      const y = TimeWindows.windowStartsFor(windows, b);
      return x.length === y.length && x.every((v, i) => v === y[i]);
    };
    // Kafka keeps final-result windows in a time-ordered store that finds a window while its start
    // is within retention of the latest window start written (the store's stream time)
    let maxStartWritten = -1;
    const segmentLive = (start: number): boolean => start >= maxStartWritten - retentionMs;
    // Kafka's maybeForwardFinalResult: emit the windows that closed since the last emission
    const forwardFinalResults = (record: Record<unknown, unknown>, windowCloseTime: number): void => {
      if (lastEmitWindowCloseTime !== -1 && lastEmitWindowCloseTime >= windowCloseTime) return;
      const upper = windowCloseTime - windows.sizeMs;
      if (upper < 0) return;
      const lower = lastEmitWindowCloseTime === -1 ? 0 : Math.max(0, lastEmitWindowCloseTime - windows.sizeMs) + 1;
      if (lastEmitWindowCloseTime !== -1 && sameWindows(upper, lower - 1)) return;
      const closed: { key: Windowed<unknown>; value: unknown; timestamp: number }[] = [];
      const it = store.fetchAll(lower, upper);
      try {
        for (const kv of it) {
          if (!segmentLive(kv.key.window.start)) continue;
          closed.push({ key: new Windowed(kv.key.key, new TimeWindow(kv.key.window.start, kv.key.window.end)), value: kv.value.value, timestamp: kv.value.timestamp });
        }
      } finally {
        it.close();
      }
      // a time-ordered store yields windows by start time, then key
      closed.sort((a, b) => a.key.window.start - b.key.window.start);
      for (const c of closed) {
        context.forward(record.withKey(c.key).withValue(new Change(c.value, null)).withTimestamp(c.timestamp) as Record<unknown, Change<unknown>>);
      }
      lastEmitWindowCloseTime = windowCloseTime;
    };
    return {
      init(ctx) {
        context = ctx;
        store = ctx.getStateStore<AnyWindowStore>(storeName);
        // the store hands our Windowed/TimeWindow classes to the cache flush listener
        if ('windowedKeyFactory' in store) store.windowedKeyFactory = (k: unknown, s: number, e: number) => new Windowed(k, new TimeWindow(s, e));
        forwarder = new TupleForwarder(store, ctx, sendOldValues);
      },
      process(record: Record<unknown, unknown>) {
        if (record.key === null || record.key === undefined) {
          dropRecord(context, 'null key in a windowed aggregation');
          return;
        }
        const timestamp = record.timestamp;
        observedStreamTime = Math.max(observedStreamTime, timestamp);
        const windowCloseTime = observedStreamTime - windows.graceMs;
        for (const start of TimeWindows.windowStartsFor(windows, timestamp)) {
          const end = start + windows.sizeMs;
          if (end <= windowCloseTime) {
            dropRecord(context, 'record for an expired window');
            continue;
          }
          const old = store.fetch(record.key, start);
          let oldAgg: unknown;
          let newTimestamp: number;
          if (old === null || old.value === null) {
            oldAgg = initializer();
            newTimestamp = timestamp;
          } else {
            oldAgg = old.value;
            newTimestamp = Math.max(timestamp, old.timestamp);
          }
          const newAgg = aggregator(record.key, record.value, oldAgg);
          store.put(record.key, makeValueAndTimestamp(newAgg, newTimestamp), start);
          maxStartWritten = Math.max(maxStartWritten, start);
          if (emitOnWindowClose) continue;
          forwarder.maybeForward(
            record
              .withKey(new Windowed(record.key, new TimeWindow(start, end)))
              .withValue(new Change(newAgg, sendOldValues ? oldAgg : null))
              .withTimestamp(newTimestamp) as Record<unknown, Change<unknown>>,
          );
        }
        if (emitOnWindowClose) forwardFinalResults(record, windowCloseTime);
      },
    };
  }
}
