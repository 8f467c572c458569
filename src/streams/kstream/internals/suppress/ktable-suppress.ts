import type { Processor } from '../../../processor/processor.js';
import { Record } from '../../../processor/record.js';
import { PunctuationType } from '../../../processor/punctuation.js';
import type { Suppressed } from '../../suppressed.js';
import { Change } from '../change.js';
import type { ChangeContext, KTableProcessorSupplier, KTableValueGetterSupplier } from '../processors/table-support.js';
import type { WindowedKey } from '../windowing/window-spec.js';
import { SuppressionBuffer, type BufferedRecord } from './suppression-buffer.js';

/** Thrown when a suppression buffer configured with `shutDown` exceeds its limits. */
export class SuppressionBufferFullError extends Error {
  readonly code = 'SUPPRESSION_BUFFER_FULL';
  readonly retriable = false;
  constructor(message: string) {
    super(message);
    this.name = 'SuppressionBufferFullError';
  }
}

/**
 * `KTable.suppress` (Kafka Streams' `KTableSuppressProcessorSupplier`): buffers the latest update
 * per key and emits it once stream time passes its buffer time plus the suppression duration
 * (window end + grace for `untilWindowCloses`, first buffering + time limit for `untilTimeLimit`),
 * or early when the buffer is over its limits. Final-result suppression drops tombstones.
 */
export class KTableSuppressSupplier implements KTableProcessorSupplier {
  constructor(
    private readonly suppressed: Suppressed,
    /** grace of the windowed aggregation upstream (untilWindowCloses), or the time limit */
    private readonly suppressDurationMs: number,
    private readonly storeName: string,
    private readonly parent: { valueGetterSupplier(): KTableValueGetterSupplier<unknown, unknown>; enableSendingOldValues(force: boolean): boolean },
  ) {
    parent.enableSendingOldValues(true);
  }

  enableSendingOldValues(): boolean {
    // the parent always sends old values to a suppression
    return true;
  }

  view(): KTableValueGetterSupplier<unknown, unknown> {
    const parentSupplier = this.parent.valueGetterSupplier();
    const storeName = this.storeName;
    return {
      get() {
        const parentGetter = parentSupplier.get();
        let buffer: SuppressionBuffer;
        return {
          init(context) {
            parentGetter.init(context);
            buffer = context.getStateStore<SuppressionBuffer>(storeName);
          },
          get(key) {
            const prior = buffer.priorValueFor(key);
            if (prior === undefined) return parentGetter.get(key);
            // downstream has not seen the buffered update: it reads what it saw before
            return prior.value === null || prior.value === undefined ? null : { value: prior.value, timestamp: -1 };
          },
        };
      },
      storeNames: () => [...parentSupplier.storeNames(), storeName],
    };
  }

  get(): Processor<unknown, Change<unknown>, unknown, Change<unknown>> {
    const { suppressed, suppressDurationMs, storeName } = this;
    const finalResults = suppressed.until === 'windowCloses';
    const maxRecords = suppressed.bufferConfig.maxRecords ?? Number.POSITIVE_INFINITY;
    const maxBytes = suppressed.bufferConfig.maxBytes ?? Number.POSITIVE_INFINITY;
    const wallClockCloseMs = suppressed.wallClockCloseMs;
    let context: ChangeContext;
    let buffer: SuppressionBuffer;
    let observedStreamTime = -1;
    let wallClockAtAdvance = 0;

    const emit = (e: BufferedRecord): void => {
      if (e.change.newValue === null && finalResults) return; // safe to drop: nothing final to say
      context.forward(new Record(e.key, new Change(e.change.newValue, e.priorValue), e.timestamp));
    };
    const overCapacity = (): boolean => buffer.numRecords > maxRecords || buffer.bufferSize > maxBytes;
    const enforceConstraints = (streamTime: number): void => {
      const expiryTime = streamTime - suppressDurationMs;
      buffer.evictWhile(() => buffer.minTimestamp() <= expiryTime, emit);
      if (overCapacity()) {
        if (suppressed.bufferConfig.whenFull === 'emitEarly') {
          buffer.evictWhile(overCapacity, emit);
        } else {
          throw new SuppressionBufferFullError(
            `${storeName} buffer exceeded its max capacity. Currently [${buffer.numRecords}/${maxRecords}] records and [${buffer.bufferSize}/${maxBytes}] bytes.`,
          );
        }
      }
    };

    return {
      init(ctx) {
        context = ctx;
        buffer = ctx.getStateStore<SuppressionBuffer>(storeName);
        if (wallClockCloseMs !== undefined) {
          wallClockAtAdvance = ctx.currentSystemTimeMs();
          ctx.schedule(Math.max(1, Math.min(wallClockCloseMs, 1000)), PunctuationType.WALL_CLOCK_TIME, (now) => {
            const idle = now - wallClockAtAdvance;
            if (observedStreamTime < 0 || idle < wallClockCloseMs) return;
            // the input is idle: let stream time follow the wall clock
            enforceConstraints(observedStreamTime + idle);
          });
        }
      },
      process(record: Record<unknown, Change<unknown>>) {
        if (record.timestamp > observedStreamTime) {
          observedStreamTime = record.timestamp;
          if (wallClockCloseMs !== undefined) wallClockAtAdvance = context.currentSystemTimeMs();
        }
        const bufferTime = finalResults ? (record.key as WindowedKey<unknown>).window.end : record.timestamp;
        buffer.put(bufferTime, record.key, record.value, record.timestamp);
        enforceConstraints(observedStreamTime);
      },
    };
  }
}
