import type { Processor } from '../../../processor/processor.js';
import type { Record } from '../../../processor/record.js';
import type { TimestampedWindowStore } from '../../../../state/window-store.js';
import type { ValueAndTimestamp } from '../../../../state/key-value-store.js';
import { TimeWindow, Windowed } from '../../windowed.js';
import type { SlidingWindows } from '../../sliding-windows.js';
import { Change } from '../change.js';
import { dropRecord } from './dropped-records.js';
import { TupleForwarder, makeValueAndTimestamp, type ChangeContext, type KTableProcessorSupplier, type KTableValueGetterSupplier } from './table-support.js';

type AnyWindowStore = TimestampedWindowStore<unknown, unknown> & { windowedKeyFactory?: unknown };
type VT = ValueAndTimestamp<unknown>;

/**
 * A sliding-window aggregation (Kafka Streams' `KStreamSlidingWindowAggregate`, reverse-iteration
 * path, emitting on update): a record updates the windows that contain it, creates its own left
 * window [t - d, t] and, when later records exist, its right window [t + 1, t + 1 + d], and the right
 * window of the previous record. Null keys and null values are dropped.
 */
export class KStreamSlidingWindowAggregateSupplier implements KTableProcessorSupplier {
  private sendOldValues = false;

  constructor(
    private readonly windows: SlidingWindows,
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
    const { storeName, initializer, aggregator } = this;
    const d = this.windows.timeDifferenceMs;
    const grace = this.windows.graceMs;
    const sendOldValues = this.sendOldValues;
    let context: ChangeContext;
    let store: AnyWindowStore;
    let forwarder: TupleForwarder;
    let observedStreamTime = -1;

    const forward = (record: Record<unknown, unknown>, start: number, oldAgg: unknown, newAgg: unknown, timestamp: number): void => {
      forwarder.maybeForward(
        record
          .withKey(new Windowed(record.key, new TimeWindow(start, start + d)))
          .withValue(new Change(newAgg, sendOldValues ? oldAgg : null))
          .withTimestamp(timestamp) as Record<unknown, Change<unknown>>,
      );
    };
    const updateWindowAndForward = (start: number, vt: VT | null, record: Record<unknown, unknown>, closeTime: number): void => {
      if (start + d < closeTime) {
        dropRecord(context, 'record for an expired window');
        return;
      }
      const oldAgg = vt === null ? null : vt.value;
      const newAgg = aggregator(record.key, record.value, oldAgg);
      const newTimestamp = oldAgg === null ? record.timestamp : Math.max(record.timestamp, vt!.timestamp);
      store.put(record.key, makeValueAndTimestamp(newAgg, newTimestamp), start);
      forward(record, start, oldAgg, newAgg, newTimestamp);
    };
    const createCurrentRecordRightWindow = (ts: number, rightWinAgg: VT, record: Record<unknown, unknown>): void => {
      store.put(record.key, rightWinAgg, ts + 1);
      forward(record, ts + 1, null, rightWinAgg.value, rightWinAgg.timestamp);
    };
    const rightWindowIsNotEmpty = (rightWinAgg: VT | null, ts: number): rightWinAgg is VT => rightWinAgg !== null && rightWinAgg.timestamp > ts;
    const fetchBackward = (key: unknown, from: number, to: number): { start: number; value: VT }[] => {
      const it = store.backwardFetchWindows(key, from, to);
      try {
        return [...it].map((e) => ({ start: e.key, value: e.value }));
      } finally {
        it.close();
      }
    };

    const createWindows = (
      record: Record<unknown, unknown>,
      closeTime: number,
      starts: Set<number>,
      rightWinAgg: VT | null,
      leftWinAgg: VT | null,
      leftWinAlreadyCreated: boolean,
      rightWinAlreadyCreated: boolean,
      previousRecordTimestamp: number | null,
    ): void => {
      const ts = record.timestamp;
      if (previousRecordTimestamp !== null) {
        const previousRightStart = previousRecordTimestamp + 1;
        if (!starts.has(previousRightStart) && previousRightStart + d >= ts) {
          updateWindowAndForward(previousRightStart, makeValueAndTimestamp(initializer(), ts), record, closeTime);
        }
      }
      if (!leftWinAlreadyCreated) {
        const leftNotEmpty = previousRecordTimestamp !== null && ts - d <= previousRecordTimestamp;
        const vt = leftNotEmpty ? makeValueAndTimestamp(leftWinAgg!.value, ts) : makeValueAndTimestamp(initializer(), ts);
        updateWindowAndForward(ts - d, vt, record, closeTime);
      }
      if (!rightWinAlreadyCreated && rightWindowIsNotEmpty(rightWinAgg, ts)) createCurrentRecordRightWindow(ts, rightWinAgg, record);
    };

    const processReverse = (record: Record<unknown, unknown>, closeTime: number): void => {
      const ts = record.timestamp;
      const starts = new Set<number>();
      let leftWinAgg: VT | null = null;
      let rightWinAgg: VT | null = null;
      let leftWinAlreadyCreated = false;
      let rightWinAlreadyCreated = false;
      let previousRecordTimestamp: number | null = null;
      for (const w of fetchBackward(record.key, Math.max(0, ts - 2 * d), ts + 1)) {
        starts.add(w.start);
        const end = w.start + d;
        const maxRecordTimestamp = w.value.timestamp;
        if (w.start === ts + 1) {
          rightWinAlreadyCreated = true;
        } else if (end > ts) {
          if (rightWinAgg === null) rightWinAgg = w.value;
          updateWindowAndForward(w.start, w.value, record, closeTime);
        } else if (end === ts) {
          leftWinAlreadyCreated = true;
          updateWindowAndForward(w.start, w.value, record, closeTime);
          if (maxRecordTimestamp < ts) previousRecordTimestamp = maxRecordTimestamp;
          else return;
        } else {
          leftWinAgg = w.value;
          previousRecordTimestamp = maxRecordTimestamp;
          break;
        }
      }
      createWindows(record, closeTime, starts, rightWinAgg, leftWinAgg, leftWinAlreadyCreated, rightWinAlreadyCreated, previousRecordTimestamp);
    };

    const processEarly = (record: Record<unknown, unknown>, closeTime: number): void => {
      const ts = record.timestamp;
      let combined: { start: number; value: VT } | null = null;
      let rightWinAgg: VT | null = null;
      let rightWinAlreadyCreated = false;
      const starts = new Set<number>();
      let previousRecordTimestamp: number | null = null;
      const it = store.fetchWindows(record.key, 0, ts + 1);
      const rows: { start: number; value: VT }[] = [];
      try {
        for (const e of it) rows.push({ start: e.key, value: e.value });
      } finally {
        it.close();
      }
      for (const w of rows) {
        starts.add(w.start);
        if (w.start === 0) {
          combined = w;
          if (w.value.timestamp < ts) previousRecordTimestamp = w.value.timestamp;
        } else if (w.start <= ts) {
          rightWinAgg = w.value;
          updateWindowAndForward(w.start, w.value, record, closeTime);
        } else if (w.start === ts + 1) {
          rightWinAlreadyCreated = true;
        }
      }
      if (rightWinAgg === null && combined !== null && combined.value.timestamp > ts) rightWinAgg = combined.value;
      if (!rightWinAlreadyCreated && rightWindowIsNotEmpty(rightWinAgg, ts)) createCurrentRecordRightWindow(ts, rightWinAgg, record);
      if (previousRecordTimestamp !== null && !starts.has(previousRecordTimestamp + 1)) {
        updateWindowAndForward(previousRecordTimestamp + 1, makeValueAndTimestamp(initializer(), ts), record, closeTime);
      }
      if (combined === null) updateWindowAndForward(0, makeValueAndTimestamp(initializer(), ts), record, closeTime);
      else updateWindowAndForward(0, combined.value, record, closeTime);
    };

    return {
      init(ctx) {
        context = ctx;
        store = ctx.getStateStore<AnyWindowStore>(storeName);
        if ('windowedKeyFactory' in store) store.windowedKeyFactory = (k: unknown, s: number, e: number) => new Windowed(k, new TimeWindow(s, e));
        forwarder = new TupleForwarder(store, ctx, sendOldValues);
      },
      process(record) {
        if (record.key === null || record.key === undefined || record.value === null || record.value === undefined) {
          dropRecord(context, 'null key or value in a sliding-window aggregation');
          return;
        }
        observedStreamTime = Math.max(observedStreamTime, record.timestamp);
        const closeTime = observedStreamTime - grace;
        if (record.timestamp + d < closeTime) {
          dropRecord(context, 'record for an expired window');
          return;
        }
        if (record.timestamp < d) processEarly(record, closeTime);
        else processReverse(record, closeTime);
      },
    };
  }
}
