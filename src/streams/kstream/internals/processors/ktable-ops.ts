import type { Record } from '../../../processor/record.js';
import { Change } from '../change.js';
import {
  TupleForwarder,
  makeValueAndTimestamp,
  materializedValueGetterSupplier,
  valueOrNull,
  type AnyStore,
  type ChangeContext,
  type ChangeProcessor,
  type KTableProcessorSupplier,
  type KTableValueGetterSupplier,
} from './table-support.js';

/** The upstream table as its operators see it. */
export interface ParentTable {
  valueGetterSupplier(): KTableValueGetterSupplier<unknown, unknown>;
  enableSendingOldValues(forceMaterialization: boolean): boolean;
}

/**
 * A per-record table operation that maps a value to a value or null (filter: the value or null;
 * mapValues: the mapped value), optionally materialized (Kafka Streams' `KTableFilter` and
 * `KTableMapValues`, which share this shape).
 */
abstract class KTableValueOperation implements KTableProcessorSupplier {
  protected sendOldValues = false;

  constructor(
    protected readonly parent: ParentTable,
    protected readonly queryableName: string | undefined,
  ) {}

  /** the new value for a non-null input value */
  protected abstract compute(key: unknown, value: unknown): unknown;
  /** whether a result with both values null is swallowed (filter) */
  protected abstract readonly skipEmptyChange: boolean;

  protected computeNullable(key: unknown, value: unknown): unknown {
    return value === null || value === undefined ? null : this.compute(key, value);
  }

  enableSendingOldValues(forceMaterialization: boolean): boolean {
    if (this.queryableName !== undefined) {
      this.sendOldValues = true;
      return true;
    }
    if (this.parent.enableSendingOldValues(forceMaterialization)) this.sendOldValues = true;
    return this.sendOldValues;
  }

  view(): KTableValueGetterSupplier<unknown, unknown> {
    if (this.queryableName !== undefined) return materializedValueGetterSupplier(this.queryableName);
    const parentSupplier = this.parent.valueGetterSupplier();
    return {
      get: () => {
        const parentGetter = parentSupplier.get();
        return {
          init: (context) => parentGetter.init(context),
          get: (key) => {
            const vt = parentGetter.get(key);
            if (vt === null) return null;
            return makeValueAndTimestamp(this.computeNullable(key, vt.value), vt.timestamp);
          },
          close: () => parentGetter.close?.(),
        };
      },
      storeNames: () => parentSupplier.storeNames(),
    };
  }

  get(): ChangeProcessor {
    const compute = (key: unknown, value: unknown) => this.computeNullable(key, value);
    const skipEmptyChange = this.skipEmptyChange;
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
        const key = record.key;
        const change = record.value;
        const newValue = compute(key, change.newValue);
        let oldValue: unknown = null;
        if (sendOldValues) oldValue = store ? valueOrNull(store.get(key)) : compute(key, change.oldValue);
        if (skipEmptyChange && sendOldValues && oldValue === null && newValue === null) return;
        if (store && forwarder) {
          store.put(key, makeValueAndTimestamp(newValue, record.timestamp));
          forwarder.maybeForward(record.withValue(new Change(newValue, oldValue, true)));
        } else {
          context.forward(record.withValue(new Change(newValue, oldValue, change.isLatest)));
        }
      },
    };
  }
}

export class KTableFilterSupplier extends KTableValueOperation {
  protected readonly skipEmptyChange = true;

  constructor(
    parent: ParentTable,
    private readonly predicate: (key: unknown, value: unknown) => boolean,
    private readonly filterNot: boolean,
    queryableName: string | undefined,
  ) {
    super(parent, queryableName);
    // a filter passes old values on when its parent can send them without materializing
    this.sendOldValues = parent.enableSendingOldValues(false);
  }

  protected compute(key: unknown, value: unknown): unknown {
    return this.predicate(key, value) !== this.filterNot ? value : null;
  }
}

export class KTableMapValuesSupplier extends KTableValueOperation {
  protected readonly skipEmptyChange = false;

  constructor(
    parent: ParentTable,
    private readonly mapper: (value: unknown, key: unknown) => unknown,
    queryableName: string | undefined,
  ) {
    super(parent, queryableName);
  }

  protected compute(key: unknown, value: unknown): unknown {
    return this.mapper(value, key);
  }
}
