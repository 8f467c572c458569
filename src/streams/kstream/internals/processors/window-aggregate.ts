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
    const { windows, storeName, initializer, aggregator } = this;
    const sendOldValues = this.sendOldValues;
    let context: ChangeContext;
    let store: AnyWindowStore;
    let forwarder: TupleForwarder;
    let observedStreamTime = -1;
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
          forwarder.maybeForward(
            record
              .withKey(new Windowed(record.key, new TimeWindow(start, end)))
              .withValue(new Change(newAgg, sendOldValues ? oldAgg : null))
              .withTimestamp(newTimestamp) as Record<unknown, Change<unknown>>,
          );
        }
      },
    };
  }
}
