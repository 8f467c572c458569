import type { Processor } from '../../../processor/processor.js';
import type { ProcessorContext } from '../../../processor/processor-context.js';
import type { Record } from '../../../processor/record.js';
import type { StateStore } from '../../../processor/state-store.js';
import type { DslProcessorSupplier } from '../graph/graph-node.js';
import { dropRecord } from './dropped-records.js';

/** The part of a window store the stream-stream join uses (Kafka Streams' `WindowStore`). */
export interface JoinWindowStore extends StateStore {
  put(key: unknown, value: unknown, windowStartTimestamp: number): void;
  /** entries of `key` with timestamps in [timeFrom, timeTo], oldest first: `key` is the timestamp */
  fetchWindows(key: unknown, timeFrom: number, timeTo: number): Iterable<{ key: number; value: unknown }> & { close?(): void };
}

type Joiner = (left: unknown, right: unknown, key: unknown) => unknown;
type Ctx = ProcessorContext<unknown, unknown>;

function* fetchAll(store: JoinWindowStore, key: unknown, from: number, to: number): Generator<{ key: number; value: unknown }> {
  const it = store.fetchWindows(key, from, to);
  try {
    yield* it;
  } finally {
    it.close?.();
  }
}

/** Remembers each record of one side in that side's window store (Kafka Streams' `KStreamJoinWindow`). */
export function joinWindowSupplier(storeName: string): DslProcessorSupplier {
  return {
    get(): Processor<unknown, unknown, unknown, unknown> {
      let context: Ctx;
      let store: JoinWindowStore;
      return {
        init(ctx) {
          context = ctx;
          store = ctx.getStateStore<JoinWindowStore>(storeName);
        },
        process(record: Record<unknown, unknown>) {
          context.forward(record);
          if (record.key !== null && record.key !== undefined) store.put(record.key, record.value, record.timestamp);
        },
      };
    },
  };
}

/**
 * A stream joined with itself through one store (Kafka Streams' `KStreamKStreamSelfJoin`, the
 * `single.store.self.join` optimization): emits exactly what the two-store inner join would, in the
 * same order — including the record joined with itself — but reads a single window store.
 */
export function selfJoinSupplier(storeName: string, beforeMs: number, afterMs: number, retentionMs: number, joiner: Joiner): DslProcessorSupplier {
  return {
    get(): Processor<unknown, unknown, unknown, unknown> {
      let context: Ctx;
      let store: JoinWindowStore;
      let streamTime = -1;
      return {
        init(ctx) {
          context = ctx;
          store = ctx.getStateStore<JoinWindowStore>(storeName);
        },
        process(record: Record<unknown, unknown>) {
          if (record.key === null || record.key === undefined || record.value === null || record.value === undefined) {
            dropRecord(context, 'null key or value in a stream-stream join');
            return;
          }
          const ts = record.timestamp;
          streamTime = Math.max(streamTime, ts);
          const selfRecord = record.withValue(joiner(record.value, record.value, record.key)).withTimestamp(ts);
          const emitSelf = ts > streamTime - retentionMs + 1;
          let emittedSelf = false;
          // as the left side: the window [ts - before, ts + after]
          for (const o of fetchAll(store, record.key, Math.max(0, ts - beforeMs), Math.max(0, ts + afterMs))) {
            context.forward(record.withValue(joiner(record.value, o.value, record.key)).withTimestamp(Math.max(ts, o.key)));
          }
          // as the right side: the window [ts - after, ts + before], other record on the left
          for (const o of fetchAll(store, record.key, Math.max(0, ts - afterMs), Math.max(0, ts + beforeMs))) {
            const max = Math.max(ts, o.key);
            if (ts < max && !emittedSelf && emitSelf) {
              emittedSelf = true;
              context.forward(selfRecord);
            }
            context.forward(record.withValue(joiner(o.value, record.value, record.key)).withTimestamp(max));
          }
          if (!emittedSelf && emitSelf) context.forward(selfRecord);
        },
      };
    },
  };
}
