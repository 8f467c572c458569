import type { Record } from '../../../processor/record.js';
import type { KeyValue } from '../../functions.js';
import { Change } from '../change.js';
import type { ChangeContext, ChangeProcessor, KTableValueGetterSupplier } from './table-support.js';
import type { ParentTable } from './ktable-ops.js';

/**
 * `KTable.groupBy` (Kafka Streams' `KTableRepartitionMap`): maps old and new value to (group key,
 * value) and sends a subtraction for the old group and an addition for the new one — one record
 * carrying both when the group does not change. Pairs with a null key or value are not sent.
 */
export class KTableRepartitionMapSupplier {
  constructor(
    private readonly parent: ParentTable,
    private readonly mapper: (key: unknown, value: unknown) => KeyValue<unknown, unknown>,
  ) {}

  view(): KTableValueGetterSupplier<unknown, unknown> {
    throw new Error('the store of a grouped table is not accessible: it is repartitioned');
  }

  enableSendingOldValues(): boolean {
    throw new Error('KTable.groupBy always sends old values');
  }

  get(): ChangeProcessor {
    const mapper = this.mapper;
    let context: ChangeContext;
    void this.parent;
    return {
      init(ctx) {
        context = ctx;
      },
      process(record: Record<unknown, Change<unknown>>) {
        if (record.key === null || record.key === undefined) throw new Error('record key for the grouping KTable should not be null');
        const change = record.value;
        const newPair = change.newValue === null ? null : mapper(record.key, change.newValue);
        const oldPair = change.oldValue === null ? null : mapper(record.key, change.oldValue);
        const oldOk = oldPair !== null && oldPair.key !== null && oldPair.key !== undefined && oldPair.value !== null && oldPair.value !== undefined;
        const newOk = newPair !== null && newPair.key !== null && newPair.key !== undefined && newPair.value !== null && newPair.value !== undefined;
        if (oldOk && newOk && keysEqual(oldPair.key, newPair.key)) {
          context.forward(record.withKey(oldPair.key).withValue(new Change(newPair.value, oldPair.value, change.isLatest)));
          return;
        }
        if (oldOk) context.forward(record.withKey(oldPair.key).withValue(new Change(null, oldPair.value, change.isLatest)));
        if (newOk) context.forward(record.withKey(newPair.key).withValue(new Change(newPair.value, null, change.isLatest)));
      },
    };
  }
}

function keysEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Buffer.isBuffer(a) && Buffer.isBuffer(b)) return a.equals(b);
  return false;
}
