import type { Processor } from '../../../processor/processor.js';
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
  type KTableValueGetterSupplier,
} from './table-support.js';

/**
 * Turns a stream of upserts into table updates (Kafka Streams' `KTableSource`). Materialized only
 * when the user named a store or a downstream operator needs it (a join, old values).
 */
export class KTableSourceSupplier {
  private sendOldValues = false;
  private queryableName: string | undefined;

  constructor(
    private readonly storeName: string | undefined,
    queryableName: string | undefined,
  ) {
    this.queryableName = queryableName;
  }

  materialize(): void {
    this.queryableName = this.storeName;
  }

  materialized(): boolean {
    return this.queryableName !== undefined;
  }

  enableSendingOldValues(): void {
    this.sendOldValues = true;
    this.queryableName = this.storeName;
  }

  view(): KTableValueGetterSupplier<unknown, unknown> {
    this.materialize();
    return materializedValueGetterSupplier(this.storeName!);
  }

  get(): Processor<unknown, unknown, unknown, Change<unknown>> {
    const storeName = this.queryableName;
    const sendOldValues = this.sendOldValues;
    let context: ChangeContext;
    let store: AnyStore | undefined;
    let forwarder: TupleForwarder | undefined;
    return {
      init(ctx) {
        context = ctx;
        if (storeName !== undefined) {
          store = ctx.getStateStore<AnyStore>(storeName);
          forwarder = new TupleForwarder(store, ctx, sendOldValues);
        }
      },
      process(record: Record<unknown, unknown>) {
        if (record.key === null || record.key === undefined) {
          dropRecord(context, 'null key in a table source');
          return;
        }
        const value = record.value ?? null;
        if (store && forwarder) {
          const oldValue = valueOrNull(store.get(record.key));
          store.put(record.key, makeValueAndTimestamp(value, record.timestamp));
          forwarder.maybeForward(record.withValue(new Change(value, oldValue)));
        } else {
          context.forward(record.withValue(new Change(value, null)));
        }
      },
    };
  }
}
