import type { Processor } from '../../../processor/processor.js';
import type { ProcessorContext } from '../../../processor/processor-context.js';
import type { Record } from '../../../processor/record.js';
import { Change } from '../change.js';
import { dropRecord } from './dropped-records.js';
import {
  TupleForwarder,
  makeValueAndTimestamp,
  materializedValueGetterSupplier,
  valueOrNull,
  type AnyStore,
  type ChangeContext,
  type ChangeProcessor,
  type KTableProcessorSupplier,
  type KTableValueGetter,
  type KTableValueGetterSupplier,
} from './table-support.js';

type Joiner = (left: unknown, right: unknown, key: unknown) => unknown;

/**
 * Stream-table and stream-globalTable joins (Kafka Streams' `KStreamKTableJoinProcessor`): each
 * stream record looks up the table by its (mapped) key. Records with a null value, or a null mapped
 * key, are dropped — except that a left join keeps a null-key record with a value.
 */
export function streamTableJoinSupplier(
  valueGetterSupplier: KTableValueGetterSupplier<unknown, unknown>,
  keyMapper: (key: unknown, value: unknown) => unknown,
  joiner: Joiner,
  leftJoin: boolean,
): { get(): Processor<unknown, unknown, unknown, unknown> } {
  return {
    get() {
      let context: ProcessorContext<unknown, unknown>;
      let getter: KTableValueGetter<unknown, unknown>;
      return {
        init(ctx) {
          context = ctx;
          getter = valueGetterSupplier.get();
          getter.init(ctx);
        },
        process(record: Record<unknown, unknown>) {
          const keyIsNull = record.key === null || record.key === undefined;
          const valueIsNull = record.value === null || record.value === undefined;
          const mappedKey = keyMapper(record.key, record.value);
          const mappedIsNull = mappedKey === null || mappedKey === undefined;
          if (!(leftJoin && keyIsNull && !valueIsNull) && (mappedIsNull || valueIsNull)) {
            dropRecord(context, 'null key or value in a stream-table join');
            return;
          }
          const other = mappedIsNull ? null : valueOrNull(getter.get(mappedKey));
          if (leftJoin || other !== null) context.forward(record.withValue(joiner(record.value, other, record.key)));
        },
        close() {
          getter?.close?.();
        },
      };
    },
  };
}

export type TableJoinKind = 'inner' | 'left' | 'right' | 'outer';

/** What a table-table join side needs of both tables. */
export interface JoinTables {
  thisGetter: () => KTableValueGetterSupplier<unknown, unknown>;
  otherGetter: () => KTableValueGetterSupplier<unknown, unknown>;
  enableThisOldValues: () => void;
  enableOtherOldValues: () => void;
}

/**
 * One side of a table-table join (Kafka Streams' `KTableKTable{Inner,Left,Right,Outer}Join`): an update
 * on this side looks up the other side and emits the joined new (and old) value.
 * `joiner(thisValue, otherValue)` — the other side gets a reversed joiner.
 */
export class KTableKTableJoinSideSupplier implements KTableProcessorSupplier {
  sendOldValues = false;

  constructor(
    private readonly kind: TableJoinKind,
    private readonly tables: JoinTables,
    private readonly joiner: (thisValue: unknown, otherValue: unknown) => unknown,
  ) {}

  enableSendingOldValues(): boolean {
    this.tables.enableThisOldValues();
    this.tables.enableOtherOldValues();
    this.sendOldValues = true;
    return true;
  }

  view(): KTableValueGetterSupplier<unknown, unknown> {
    const thisSupplier = this.tables.thisGetter();
    const otherSupplier = this.tables.otherGetter();
    const { kind, joiner } = this;
    return {
      get() {
        const g1 = thisSupplier.get();
        const g2 = otherSupplier.get();
        return {
          init(ctx) {
            g1.init(ctx);
            g2.init(ctx);
          },
          get(key) {
            const vt1 = g1.get(key);
            const vt2 = g2.get(key);
            const v1 = valueOrNull(vt1);
            const v2 = valueOrNull(vt2);
            switch (kind) {
              case 'inner':
                return v1 !== null && v2 !== null ? makeValueAndTimestamp(joiner(v1, v2), Math.max(vt1!.timestamp, vt2!.timestamp)) : null;
              case 'left':
                return v1 !== null ? makeValueAndTimestamp(joiner(v1, v2), vt2 ? Math.max(vt1!.timestamp, vt2.timestamp) : vt1!.timestamp) : null;
              case 'right':
                return v2 !== null ? makeValueAndTimestamp(joiner(v1, v2), vt1 ? Math.max(vt1.timestamp, vt2!.timestamp) : vt2!.timestamp) : null;
              default: {
                if (v1 === null && v2 === null) return null;
                const ts = Math.max(vt1?.timestamp ?? -1, vt2?.timestamp ?? -1);
                return makeValueAndTimestamp(joiner(v1, v2), ts);
              }
            }
          },
        };
      },
      storeNames: () => [...new Set([...thisSupplier.storeNames(), ...otherSupplier.storeNames()])],
    };
  }

  get(): ChangeProcessor {
    const { kind, joiner } = this;
    const sendOldValues = this.sendOldValues;
    const otherSupplier = this.tables.otherGetter();
    let context: ChangeContext;
    let other: KTableValueGetter<unknown, unknown>;
    return {
      init(ctx) {
        context = ctx;
        other = otherSupplier.get();
        other.init(ctx);
      },
      process(record: Record<unknown, Change<unknown>>) {
        if (record.key === null || record.key === undefined) {
          dropRecord(context, 'null key in a table-table join');
          return;
        }
        const change = record.value;
        const otherVt = other.get(record.key);
        const otherValue = valueOrNull(otherVt);
        let newValue: unknown = null;
        let oldValue: unknown = null;
        let timestamp: number;
        switch (kind) {
          case 'inner':
            if (otherValue === null) return;
            timestamp = Math.max(record.timestamp, otherVt!.timestamp);
            if (change.newValue !== null) newValue = joiner(change.newValue, otherValue);
            if (sendOldValues && change.oldValue !== null) oldValue = joiner(change.oldValue, otherValue);
            break;
          case 'left':
            if (otherValue === null && change.newValue === null && change.oldValue === null) return;
            timestamp = otherValue === null ? record.timestamp : Math.max(record.timestamp, otherVt!.timestamp);
            if (change.newValue !== null) newValue = joiner(change.newValue, otherValue);
            if (sendOldValues && change.oldValue !== null) oldValue = joiner(change.oldValue, otherValue);
            break;
          case 'right':
            // this side is the right table of a left join: the left (other) value must exist
            if (otherValue === null) return;
            timestamp = Math.max(record.timestamp, otherVt!.timestamp);
            newValue = joiner(change.newValue, otherValue);
            if (sendOldValues) oldValue = joiner(change.oldValue, otherValue);
            break;
          default:
            if (otherValue === null && change.newValue === null && change.oldValue === null) return;
            timestamp = otherValue === null ? record.timestamp : Math.max(record.timestamp, otherVt!.timestamp);
            if (otherValue !== null || change.newValue !== null) newValue = joiner(change.newValue, otherValue);
            if (sendOldValues && (otherValue !== null || change.oldValue !== null)) oldValue = joiner(change.oldValue, otherValue);
        }
        context.forward(record.withValue(new Change(newValue, oldValue, change.isLatest)).withTimestamp(timestamp));
      },
      close() {
        other?.close?.();
      },
    };
  }
}

/** Merges both join sides into one table, materialized if asked (Kafka Streams' `KTableKTableJoinMerger`). */
export class KTableKTableJoinMergerSupplier implements KTableProcessorSupplier {
  private sendOldValues = false;

  constructor(
    private readonly side1: KTableKTableJoinSideSupplier,
    private readonly side2: KTableKTableJoinSideSupplier,
    readonly queryableName: string | undefined,
  ) {}

  view(): KTableValueGetterSupplier<unknown, unknown> {
    if (this.queryableName !== undefined) return materializedValueGetterSupplier(this.queryableName);
    const v1 = this.side1.view();
    const v2 = this.side2.view();
    return { get: () => v1.get(), storeNames: () => [...new Set([...v1.storeNames(), ...v2.storeNames()])] };
  }

  enableSendingOldValues(): boolean {
    this.side1.enableSendingOldValues();
    this.side2.enableSendingOldValues();
    this.sendOldValues = true;
    return true;
  }

  get(): ChangeProcessor {
    const queryableName = this.queryableName;
    const sendOldValues = this.sendOldValues;
    let context: ChangeContext;
    let store: AnyStore | undefined;
    let forwarder: TupleForwarder | undefined;
    return {
      init(ctx) {
        context = ctx;
        if (queryableName !== undefined) {
          store = ctx.getStateStore<AnyStore>(queryableName);
          forwarder = new TupleForwarder(store, ctx, sendOldValues);
        }
      },
      process(record: Record<unknown, Change<unknown>>) {
        if (store && forwarder) {
          store.put(record.key, makeValueAndTimestamp(record.value.newValue, record.timestamp));
          forwarder.maybeForward(record.withValue(new Change(record.value.newValue, record.value.oldValue, true)));
        } else if (sendOldValues) {
          context.forward(record);
        } else {
          context.forward(record.withValue(new Change(record.value.newValue, null, record.value.isLatest)));
        }
      },
    };
  }
}
