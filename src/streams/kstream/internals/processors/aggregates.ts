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
  type ChangeProcessor,
  type KTableProcessorSupplier,
  type KTableValueGetterSupplier,
} from './table-support.js';

/** Base of the four non-windowed aggregations: a store, old values on demand, a materialized view. */
abstract class AggregateSupplier implements KTableProcessorSupplier {
  protected sendOldValues = false;

  constructor(protected readonly storeName: string) {}

  enableSendingOldValues(): boolean {
    this.sendOldValues = true;
    return true;
  }

  view(): KTableValueGetterSupplier<unknown, unknown> {
    return materializedValueGetterSupplier(this.storeName);
  }

  abstract get(): Processor<unknown, unknown, unknown, Change<unknown>>;

  protected open(ctx: ChangeContext): { store: AnyStore; forwarder: TupleForwarder } {
    const store = ctx.getStateStore<AnyStore>(this.storeName);
    return { store, forwarder: new TupleForwarder(store, ctx, this.sendOldValues) };
  }
}

/**
 * `KGroupedStream.aggregate` and `count` (Kafka Streams' `KStreamAggregate`): records with a null key
 * or a null value are dropped; the result timestamp is the largest timestamp folded in.
 */
export class KStreamAggregateSupplier extends AggregateSupplier {
  constructor(
    storeName: string,
    private readonly initializer: () => unknown,
    private readonly aggregator: (key: unknown, value: unknown, aggregate: unknown) => unknown,
  ) {
    super(storeName);
  }

  get(): Processor<unknown, unknown, unknown, Change<unknown>> {
    let context: ChangeContext;
    let store: AnyStore;
    let forwarder: TupleForwarder;
    const { initializer, aggregator } = this;
    const sendOldValues = () => this.sendOldValues;
    return {
      init: (ctx) => {
        context = ctx;
        ({ store, forwarder } = this.open(ctx));
      },
      process(record: Record<unknown, unknown>) {
        if (record.key === null || record.key === undefined || record.value === null || record.value === undefined) {
          dropRecord(context, 'null key or value in a stream aggregation');
          return;
        }
        const old = store.get(record.key);
        let oldAgg: unknown;
        let timestamp: number;
        if (old === null) {
          oldAgg = initializer();
          timestamp = record.timestamp;
        } else {
          oldAgg = old.value;
          timestamp = Math.max(record.timestamp, old.timestamp);
        }
        const newAgg = aggregator(record.key, record.value, oldAgg);
        store.put(record.key, makeValueAndTimestamp(newAgg, timestamp));
        if (forwarder.forwardsOnWrite) forwarder.maybeForward(record.withValue(new Change(newAgg, sendOldValues() ? oldAgg : null)).withTimestamp(timestamp));
      },
    };
  }
}

/** `KGroupedStream.reduce` (Kafka Streams' `KStreamReduce`): the first value is the first aggregate. */
export class KStreamReduceSupplier extends AggregateSupplier {
  constructor(
    storeName: string,
    private readonly reducer: (aggregate: unknown, value: unknown) => unknown,
  ) {
    super(storeName);
  }

  get(): Processor<unknown, unknown, unknown, Change<unknown>> {
    let context: ChangeContext;
    let store: AnyStore;
    let forwarder: TupleForwarder;
    const reducer = this.reducer;
    const sendOldValues = () => this.sendOldValues;
    return {
      init: (ctx) => {
        context = ctx;
        ({ store, forwarder } = this.open(ctx));
      },
      process(record: Record<unknown, unknown>) {
        if (record.key === null || record.key === undefined || record.value === null || record.value === undefined) {
          dropRecord(context, 'null key or value in a stream reduce');
          return;
        }
        const old = store.get(record.key);
        const oldAgg = valueOrNull(old);
        let newAgg: unknown;
        let timestamp: number;
        if (old === null) {
          newAgg = record.value;
          timestamp = record.timestamp;
        } else {
          newAgg = reducer(old.value, record.value);
          timestamp = Math.max(record.timestamp, old.timestamp);
        }
        store.put(record.key, makeValueAndTimestamp(newAgg, timestamp));
        if (forwarder.forwardsOnWrite) forwarder.maybeForward(record.withValue(new Change(newAgg, sendOldValues() ? oldAgg : null)).withTimestamp(timestamp));
      },
    };
  }
}

/**
 * `KGroupedTable.aggregate` and `count` (Kafka Streams' `KTableAggregate`): the old value is
 * subtracted, then the new one added.
 */
export class KTableAggregateSupplier extends AggregateSupplier {
  constructor(
    storeName: string,
    private readonly initializer: () => unknown,
    private readonly adder: (key: unknown, value: unknown, aggregate: unknown) => unknown,
    private readonly subtractor: (key: unknown, value: unknown, aggregate: unknown) => unknown,
  ) {
    super(storeName);
  }

  get(): ChangeProcessor {
    let store: AnyStore;
    let forwarder: TupleForwarder;
    const { initializer, adder, subtractor, storeName } = this;
    const sendOldValues = () => this.sendOldValues;
    return {
      init: (ctx) => {
        ({ store, forwarder } = this.open(ctx));
      },
      process(record: Record<unknown, Change<unknown>>) {
        if (record.key === null || record.key === undefined) {
          throw new Error(`record key for KTable aggregate operator with state ${storeName} should not be null`);
        }
        const change = record.value;
        const old = store.get(record.key);
        const oldAgg = valueOrNull(old);
        let intermediate: unknown;
        let timestamp = record.timestamp;
        if (change.oldValue !== null && oldAgg !== null) {
          intermediate = subtractor(record.key, change.oldValue, oldAgg);
          timestamp = Math.max(record.timestamp, old!.timestamp);
        } else {
          intermediate = oldAgg;
        }
        let newAgg: unknown;
        if (change.newValue !== null) {
          newAgg = adder(record.key, change.newValue, intermediate === null ? initializer() : intermediate);
          if (old !== null) timestamp = Math.max(record.timestamp, old.timestamp);
        } else {
          newAgg = intermediate;
        }
        store.put(record.key, makeValueAndTimestamp(newAgg, timestamp));
        if (forwarder.forwardsOnWrite) forwarder.maybeForward(record.withValue(new Change(newAgg, sendOldValues() ? oldAgg : null)).withTimestamp(timestamp));
      },
    };
  }
}

/** `KGroupedTable.reduce` (Kafka Streams' `KTableReduce`). */
export class KTableReduceSupplier extends AggregateSupplier {
  constructor(
    storeName: string,
    private readonly adder: (aggregate: unknown, value: unknown) => unknown,
    private readonly subtractor: (aggregate: unknown, value: unknown) => unknown,
  ) {
    super(storeName);
  }

  get(): ChangeProcessor {
    let store: AnyStore;
    let forwarder: TupleForwarder;
    const { adder, subtractor, storeName } = this;
    const sendOldValues = () => this.sendOldValues;
    return {
      init: (ctx) => {
        ({ store, forwarder } = this.open(ctx));
      },
      process(record: Record<unknown, Change<unknown>>) {
        if (record.key === null || record.key === undefined) {
          throw new Error(`record key for KTable reduce operator with state ${storeName} should not be null`);
        }
        const change = record.value;
        const old = store.get(record.key);
        const oldAgg = valueOrNull(old);
        let intermediate: unknown;
        let timestamp: number;
        if (change.oldValue !== null && oldAgg !== null) {
          intermediate = subtractor(oldAgg, change.oldValue);
          timestamp = Math.max(record.timestamp, old!.timestamp);
        } else {
          intermediate = oldAgg;
          timestamp = record.timestamp;
        }
        let newAgg: unknown;
        if (change.newValue !== null) {
          if (intermediate === null) {
            newAgg = change.newValue;
          } else {
            newAgg = adder(intermediate, change.newValue);
            timestamp = Math.max(record.timestamp, old!.timestamp);
          }
        } else {
          newAgg = intermediate;
        }
        store.put(record.key, makeValueAndTimestamp(newAgg, timestamp));
        if (forwarder.forwardsOnWrite) forwarder.maybeForward(record.withValue(new Change(newAgg, sendOldValues() ? oldAgg : null)).withTimestamp(timestamp));
      },
    };
  }
}
