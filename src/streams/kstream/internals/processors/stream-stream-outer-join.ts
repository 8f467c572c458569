import type { Processor } from '../../../processor/processor.js';
import type { ProcessorContext } from '../../../processor/processor-context.js';
import type { Record } from '../../../processor/record.js';
import type { KeyValueStore } from '../../../../state/key-value-store.js';
import type { Serde } from '../../../serdes/serde.js';
import type { DslProcessorSupplier } from '../graph/graph-node.js';
import type { JoinWindows } from '../../join-windows.js';
import type { JoinWindowStore } from './stream-stream-join.js';
import { configNumber } from '../../../config.js';
import { dropRecord } from './dropped-records.js';
import { OuterJoinBuffer, type JoinSide } from './outer-join-buffer.js';

/** Kafka's internal config that throttles the emission of left/outer results by wall clock. */
export const OUTER_JOIN_EMIT_INTERVAL_CONFIG = '__emit.interval.ms.kstreams.outer.join.spurious.results.fix__';

type Joiner = (left: unknown, right: unknown, key: unknown) => unknown;
type Ctx = ProcessorContext<unknown, unknown>;

const NO_MIN_TIME = Number.MAX_SAFE_INTEGER;

/** Stream time and the oldest buffered timestamp, shared by both sides of one join in one task. */
class JoinTimeTracker {
  streamTime = -1;
  minTime = NO_MIN_TIME;
  nextTimeToEmit = 0;
  emitIntervalMs = 1000;
}

/** One tracker per task, shared by the two side processors of a join (Kafka's `TimeTrackerSupplier`). */
export class JoinTimeTrackers {
  private readonly byTask = new Map<string, JoinTimeTracker>();
  get(task: string): JoinTimeTracker {
    let t = this.byTask.get(task);
    if (t === undefined) this.byTask.set(task, (t = new JoinTimeTracker()));
    return t;
  }
  remove(task: string): void {
    this.byTask.delete(task);
  }
}

export interface StreamJoinSideOptions {
  side: JoinSide;
  otherStoreName: string;
  windows: JoinWindows;
  /** the joiner in left/right orientation, whatever the side */
  joiner: Joiner;
  /** whether this side's unmatched records produce results (left side of leftJoin, both of outerJoin) */
  outer: boolean;
  /** the shared outer-join store; absent for inner joins */
  outerStoreName: string | undefined;
  keySerde: Serde<unknown> | undefined;
  leftValueSerde: Serde<unknown> | undefined;
  rightValueSerde: Serde<unknown> | undefined;
  trackers: JoinTimeTrackers;
}

/**
 * One side of a stream-stream join (Kafka Streams' `KStreamKStreamJoin`): joins each record with the
 * other side's records in the window. For an outer side, a record without partner waits in the
 * shared outer store and is emitted joined with null only once its window has closed (stream time
 * past its window end + grace) — never as a spurious early result; a later partner removes it.
 */
export function streamJoinSideSupplier(o: StreamJoinSideOptions): DslProcessorSupplier {
  const lookBackMs = o.side === 'left' ? o.windows.beforeMs : o.windows.afterMs;
  const lookAheadMs = o.side === 'left' ? o.windows.afterMs : o.windows.beforeMs;
  const graceMs = o.windows.graceMs;
  const otherSide: JoinSide = o.side === 'left' ? 'right' : 'left';
  const join = o.joiner;
  const joinThis: Joiner = o.side === 'left' ? join : (thisValue, otherValue, key) => join(otherValue, thisValue, key);
  return {
    get(): Processor<unknown, unknown, unknown, unknown> {
      let context: Ctx;
      let other: JoinWindowStore;
      let buffer: OuterJoinBuffer | undefined;
      let tracker: JoinTimeTracker;
      let task = '';

      const emitClosed = (record: Record<unknown, unknown>, buf: OuterJoinBuffer): void => {
        // nothing can have closed yet (an empty buffer passes, as Kafka's Long.MAX_VALUE + after + grace overflows)
        const emptyOverflows = tracker.minTime === NO_MIN_TIME && lookAheadMs + graceMs > 0;
        if (!emptyOverflows && tracker.minTime + lookAheadMs + graceMs >= tracker.streamTime) return;
        const now = context.currentSystemTimeMs();
        if (now < tracker.nextTimeToEmit) return;
        tracker.nextTimeToEmit = now + tracker.emitIntervalMs;
        tracker.minTime = NO_MIN_TIME;
        let leftOpen = false;
        let rightOpen = false;
        let prev: Buffer | undefined;
        for (const e of buf.entries()) {
          tracker.minTime = e.timestamp;
          if (leftOpen && rightOpen) break;
          // a left record's window ends `after` past it, a right record's `before` past it
          const windowEndOffset = e.side === 'left' ? o.windows.afterMs : o.windows.beforeMs;
          if (e.timestamp + windowEndOffset + graceMs >= tracker.streamTime) {
            if (e.side === 'left') leftOpen = true;
            else rightOpen = true;
            continue;
          }
          for (const v of e.values()) {
            const value = e.side === 'left' ? join(v, null, e.key) : join(null, v, e.key);
            context.forward(record.withKey(e.key).withValue(value).withTimestamp(e.timestamp));
          }
          if (prev !== undefined) buf.removeEncoded(prev);
          prev = e.encodedKey;
        }
        if (prev !== undefined) buf.removeEncoded(prev);
      };

      return {
        init(ctx) {
          context = ctx;
          other = ctx.getStateStore<JoinWindowStore>(o.otherStoreName);
          task = ctx.taskId.toString();
          tracker = o.trackers.get(task);
          if (o.outerStoreName !== undefined) {
            tracker.emitIntervalMs = configNumber(ctx.appConfigs, OUTER_JOIN_EMIT_INTERVAL_CONFIG, 1000);
            const keySerde = o.keySerde ?? ctx.keySerde;
            const leftSerde = o.leftValueSerde ?? ctx.valueSerde;
            const rightSerde = o.rightValueSerde ?? ctx.valueSerde;
            if (!keySerde || !leftSerde || !rightSerde) throw new TypeError(`stream-stream join store ${o.outerStoreName}: no serdes given and no default serdes configured`);
            buffer = new OuterJoinBuffer(ctx.getStateStore<KeyValueStore<Buffer, Buffer>>(o.outerStoreName), keySerde, leftSerde, rightSerde, o.outerStoreName);
          }
        },
        process(record: Record<unknown, unknown>) {
          const ts = record.timestamp;
          tracker.streamTime = Math.max(tracker.streamTime, ts);
          if (o.outer && (record.key === null || record.key === undefined) && record.value !== null && record.value !== undefined) {
            context.forward(record.withValue(joinThis(record.value, null, record.key)));
            return;
          }
          if (record.key === null || record.key === undefined || record.value === null || record.value === undefined) {
            dropRecord(context, 'null key or value in a stream-stream join');
            return;
          }
          if (buffer !== undefined && ts === tracker.streamTime) emitClosed(record, buffer);
          const timeFrom = Math.max(0, ts - lookBackMs);
          const timeTo = Math.max(0, ts + lookAheadMs);
          const it = other.fetchWindows(record.key, timeFrom, timeTo);
          let matched = false;
          try {
            for (const m of it) {
              matched = true;
              buffer?.removeIfPresent(record.key, m.key, otherSide);
              context.forward(record.withValue(joinThis(record.value, m.value, record.key)).withTimestamp(Math.max(ts, m.key)));
            }
          } finally {
            it.close?.();
          }
          if (!o.outer || matched) return;
          // out-of-order records whose window has already closed are emitted at once
          if (buffer === undefined || timeTo < tracker.streamTime) {
            context.forward(record.withValue(joinThis(record.value, null, record.key)));
          } else {
            tracker.minTime = Math.min(tracker.minTime, ts);
            buffer.add(record.key, ts, o.side, record.value);
          }
        },
        close() {
          o.trackers.remove(task);
        },
      };
    },
  };
}
