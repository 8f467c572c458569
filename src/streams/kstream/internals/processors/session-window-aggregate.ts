import type { Processor } from '../../../processor/processor.js';
import { Record } from '../../../processor/record.js';
import { PunctuationType } from '../../../processor/punctuation.js';
import type { EmitStrategy } from '../../emit-strategy.js';
import type { SessionWindows } from '../../session-windows.js';
import { Change } from '../change.js';
import { dropRecord } from './dropped-records.js';
import type { ChangeContext, KTableValueGetterSupplier } from './table-support.js';
import type { WindowedAggregateSupplier } from './time-window-aggregate.js';
import type { AggregationSessionStore, WindowedKey } from '../windowing/window-spec.js';
import type { LateRecordHandler } from '../windowing/late-records.js';

type Store = AggregationSessionStore<unknown, unknown>;

export interface SessionAggregateFunctions {
  initializer: () => unknown;
  aggregator: (key: unknown, value: unknown, aggregate: unknown) => unknown;
  merger: (key: unknown, aggregate1: unknown, aggregate2: unknown) => unknown;
  /** kstreams option: drop null values instead of aggregating them (Kafka passes them on) */
  dropNullValues?: boolean;
}

/**
 * `windowedBy(SessionWindows)` + count/reduce/aggregate (Kafka Streams'
 * `KStreamSessionWindowAggregate`). A record starts a session [t, t] or joins every session of its
 * key within the inactivity gap; joined sessions are merged (the merger combines their aggregates,
 * the old sessions are deleted downstream with tombstones). Null keys are dropped; null values reach
 * the aggregator, as in Kafka Streams. Updates carry the session end as timestamp.
 */
export class SessionWindowAggregateSupplier implements WindowedAggregateSupplier {
  private sendOldValues = false;
  /** a session closes this long after its end: inactivity gap + grace */
  readonly windowGraceMs: number;

  constructor(
    private readonly storeName: string,
    private readonly windows: SessionWindows,
    private readonly emitStrategy: EmitStrategy,
    private readonly fns: SessionAggregateFunctions,
    private readonly onLate?: LateRecordHandler,
  ) {
    this.windowGraceMs = windows.gracePeriodMs() + windows.inactivityGap();
  }

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
            const value = store.fetchSession(w.key, w.window.start, w.window.end);
            return value === null ? null : { value, timestamp: w.window.end };
          },
        };
      },
      storeNames: () => [storeName],
    };
  }

  get(): Processor<unknown, unknown, unknown, Change<unknown>> {
    const { storeName, windows, emitStrategy, onLate } = this;
    const { initializer, aggregator, merger, dropNullValues } = this.fns;
    const sendOldValues = () => this.sendOldValues;
    const gap = windows.inactivityGap();
    let context: ChangeContext;
    let store: Store;
    let cached = false;
    let observedStreamTime = -1;
    let lastEmitWindowCloseTime = -1;

    const forwardUpdate = (sessionKey: WindowedKey<unknown>, oldAgg: unknown, newAgg: unknown): void => {
      if (emitStrategy.type === 'onWindowClose' || cached) return;
      context.forward(new Record(sessionKey, new Change(newAgg, sendOldValues() ? oldAgg : null), sessionKey.window.end));
    };

    const maybeForwardFinal = (record: Record<unknown, unknown>, windowCloseTime: number): void => {
      if (emitStrategy.type !== 'onWindowClose') return;
      if (lastEmitWindowCloseTime !== -1 && lastEmitWindowCloseTime >= windowCloseTime) return;
      const upper = windowCloseTime - 1;
      if (upper < 0) return;
      const lower = Math.max(0, lastEmitWindowCloseTime);
      if (upper < lower) return;
      for (const kv of store.findSessionsByEndTime(lower, upper)) {
        context.forward(record.withKey(kv.key).withValue(new Change(kv.value, null)).withTimestamp(kv.key.window.end));
      }
      lastEmitWindowCloseTime = windowCloseTime;
    };

    let wallClockAtAdvance = 0;
    return {
      init(ctx) {
        context = ctx;
        store = ctx.getStateStore<Store>(storeName);
        if (emitStrategy.type === 'onWindowClose' && emitStrategy.wallClockCloseMs !== undefined) {
          // kstreams only: an idle input's sessions still close when the wall clock moves on
          const idleMs = emitStrategy.wallClockCloseMs;
          wallClockAtAdvance = ctx.currentSystemTimeMs();
          ctx.schedule(Math.max(1, Math.min(idleMs, 1000)), PunctuationType.WALL_CLOCK_TIME, (now) => {
            const idle = now - wallClockAtAdvance;
            if (observedStreamTime < 0 || idle < idleMs) return;
            const streamTime = observedStreamTime + idle;
            maybeForwardFinal(new Record<unknown, unknown>(null, null, streamTime), streamTime - windows.gracePeriodMs() - gap);
          });
        }
        const s = store as Partial<{ setFlushListener: (l: (e: { key: unknown; newValue: unknown; oldValue: unknown; timestamp: number }) => void, old: boolean) => boolean }>;
        if (emitStrategy.type === 'onWindowUpdate' && typeof s.setFlushListener === 'function') {
          // with a cache, updates leave on flush, stamped with the session end
          cached = s.setFlushListener((e) => context.forward(new Record(e.key, new Change(e.newValue, e.oldValue), e.timestamp)), sendOldValues());
        }
      },
      process(record: Record<unknown, unknown>) {
        if (record.key === null || record.key === undefined) {
          dropRecord(context, 'null key in a session-windowed aggregation');
          return;
        }
        if (dropNullValues && (record.value === null || record.value === undefined)) {
          dropRecord(context, 'null value in a session-windowed aggregation (dropNullValues)');
          return;
        }
        const timestamp = record.timestamp;
        if (timestamp > observedStreamTime) {
          observedStreamTime = timestamp;
          wallClockAtAdvance = context.currentSystemTimeMs();
        }
        const windowCloseTime = observedStreamTime - windows.gracePeriodMs() - gap;

        const merged: { key: WindowedKey<unknown>; value: unknown }[] = [];
        let start = timestamp;
        let end = timestamp;
        let agg = initializer();
        for (const kv of store.findSessions(record.key, timestamp - gap, timestamp + gap)) {
          merged.push(kv);
          agg = merger(record.key, agg, kv.value);
          start = Math.min(start, kv.key.window.start);
          end = Math.max(end, kv.key.window.end);
        }
        if (end < windowCloseTime) {
          const window = `[${start},${end}]`;
          dropRecord(context, `record for expired session ${window} (close time ${windowCloseTime}, stream time ${observedStreamTime})`);
          onLate?.({ key: record.key, value: record.value, timestamp, window, streamTime: observedStreamTime });
        } else {
          if (start !== timestamp || end !== timestamp) {
            for (const session of merged) {
              store.remove(session.key);
              forwardUpdate(session.key, session.value, null);
            }
          }
          agg = aggregator(record.key, record.value, agg);
          const sessionKey: WindowedKey<unknown> = { key: record.key, window: { start, end } };
          store.put(sessionKey, agg === undefined ? null : agg);
          forwardUpdate(sessionKey, null, agg);
        }
        maybeForwardFinal(record, windowCloseTime);
      },
    };
  }
}
