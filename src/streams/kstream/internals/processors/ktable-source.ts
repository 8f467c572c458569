import type { Processor } from '../../../processor/processor.js';
import type { Record } from '../../../processor/record.js';
import { Change } from '../change.js';
import type { StateStore } from '../../../processor/state-store.js';
import { PUT_RETURN_CODE_NOT_PUT, PUT_RETURN_CODE_VALID_TO_UNDEFINED, type VersionedKeyValueStore } from '../../../../state/versioned-key-value-store.js';
import { isVersionedStore } from '../versioned/versioned-table.js';
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
    let versioned: (VersionedKeyValueStore<unknown, unknown> & StateStore) | undefined;
    let forwarder: TupleForwarder | undefined;
    return {
      init(ctx) {
        context = ctx;
        if (storeName !== undefined) {
          const s = ctx.getStateStore<StateStore>(storeName);
          if (isVersionedStore(s)) versioned = s;
          else store = s as AnyStore;
          forwarder = new TupleForwarder(s, ctx, sendOldValues);
        }
      },
      process(record: Record<unknown, unknown>) {
        if (record.key === null || record.key === undefined) {
          dropRecord(context, 'null key in a table source');
          return;
        }
        const value = record.value ?? null;
        if (versioned && forwarder) {
          // versioned: an update older than the latest version goes into the history only
          const oldValue = valueOrNull(versioned.get(record.key));
          const code = versioned.put(record.key, value, record.timestamp);
          if (code !== PUT_RETURN_CODE_NOT_PUT && forwarder.forwardsOnWrite) forwarder.maybeForward(record.withValue(new Change(value, oldValue, code === PUT_RETURN_CODE_VALID_TO_UNDEFINED)));
        } else if (store && forwarder) {
          const oldValue = valueOrNull(store.get(record.key));
          store.put(record.key, makeValueAndTimestamp(value, record.timestamp));
          if (forwarder.forwardsOnWrite) forwarder.maybeForward(record.withValue(new Change(value, oldValue)));
        } else {
          context.forward(record.withValue(new Change(value, null)));
        }
      },
    };
  }
}
