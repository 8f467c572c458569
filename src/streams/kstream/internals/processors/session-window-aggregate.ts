import type { Processor } from '../../../processor/processor.js';
import { Record } from '../../../processor/record.js';
import type { SessionStore } from '../../../../state/session-store.js';
import type { WindowedKey } from '../../../../state/windowed.js';
import { SessionWindow, Windowed } from '../../windowed.js';
import type { SessionWindows } from '../../session-windows.js';
import { Change } from '../change.js';
import { dropRecord } from './dropped-records.js';
import { TupleForwarder, type ChangeContext, type KTableProcessorSupplier, type KTableValueGetterSupplier } from './table-support.js';

type AnySessionStore = SessionStore<unknown, unknown> & { windowedKeyFactory?: unknown };

/**
 * A session-windowed aggregation (Kafka Streams' `KStreamSessionWindowAggregate`, emitting on every
 * update): a record opens a session or extends and merges the sessions within the inactivity gap;
 * merged sessions are removed (a delete is sent for each) and the merged one is sent. Results carry
 * the session end as timestamp. Null keys are dropped; null values reach the aggregator.
 */
export class KStreamSessionWindowAggregateSupplier implements KTableProcessorSupplier {
  private sendOldValues = false;

  constructor(
    private readonly windows: SessionWindows,
    private readonly storeName: string,
    private readonly initializer: () => unknown,
    private readonly aggregator: (key: unknown, value: unknown, aggregate: unknown) => unknown,
    private readonly merger: (key: unknown, aggregate1: unknown, aggregate2: unknown) => unknown,
  ) {}

  enableSendingOldValues(): boolean {
    this.sendOldValues = true;
    return true;
  }

  view(): KTableValueGetterSupplier<unknown, unknown> {
    const storeName = this.storeName;
    return {
      get() {
        let store: AnySessionStore;
        return {
          init(ctx) {
            store = ctx.getStateStore<AnySessionStore>(storeName);
          },
          get(key) {
            const w = key as Windowed<unknown>;
            const value = store.fetchSession(w.key, w.window.start, w.window.end);
            return value === null ? null : { value, timestamp: w.window.end };
          },
        };
      },
      storeNames: () => [storeName],
    };
  }

  get(): Processor<unknown, unknown, unknown, Change<unknown>> {
    const { windows, storeName, initializer, aggregator, merger } = this;
    const sendOldValues = this.sendOldValues;
    let context: ChangeContext;
    let store: AnySessionStore;
    let forwarder: TupleForwarder;
    let observedStreamTime = -1;
    const forwardUpdate = (key: WindowedKey<unknown>, oldAgg: unknown, newAgg: unknown): void => {
      forwarder.maybeForward(new Record(key, new Change(newAgg, sendOldValues ? oldAgg : null), key.window.end) as Record<unknown, Change<unknown>>);
    };
    return {
      init(ctx) {
        context = ctx;
        store = ctx.getStateStore<AnySessionStore>(storeName);
        if ('windowedKeyFactory' in store) store.windowedKeyFactory = (k: unknown, s: number, e: number) => new Windowed(k, new SessionWindow(s, e));
        forwarder = new TupleForwarder(store, ctx, sendOldValues);
      },
      process(record) {
        if (record.key === null || record.key === undefined) {
          dropRecord(context, 'null key in a session aggregation');
          return;
        }
        const timestamp = record.timestamp;
        observedStreamTime = Math.max(observedStreamTime, timestamp);
        const windowCloseTime = observedStreamTime - windows.graceMs - windows.inactivityGapMs;
        const merged: { key: WindowedKey<unknown>; value: unknown }[] = [];
        let start = timestamp;
        let end = timestamp;
        let agg = initializer();
        const it = store.findSessions(record.key, timestamp - windows.inactivityGapMs, timestamp + windows.inactivityGapMs);
        try {
          for (const next of it) {
            merged.push(next);
            agg = merger(record.key, agg, next.value);
            start = Math.min(start, next.key.window.start);
            end = Math.max(end, next.key.window.end);
          }
        } finally {
          it.close();
        }
        if (end < windowCloseTime) {
          dropRecord(context, 'record for an expired session');
          return;
        }
        if (start !== timestamp || end !== timestamp) {
          for (const session of merged) {
            store.remove(session.key);
            forwardUpdate(session.key, session.value, null);
          }
        }
        agg = aggregator(record.key, record.value, agg);
        const sessionKey = new Windowed(record.key, new SessionWindow(start, end));
        store.put(sessionKey, agg);
        forwardUpdate(sessionKey, null, agg);
      },
    };
  }
}
