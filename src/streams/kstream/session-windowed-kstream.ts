import type { Serde } from '../serdes/serde.js';
import type { Aggregator, Initializer, Reducer } from './functions.js';
import type { KGroupedStream } from './kgrouped-stream.js';
import type { KTable } from './ktable.js';
import { EmitStrategy } from './emit-strategy.js';
import type { SessionWindows } from './session-windows.js';
import { NamedInternal } from './internals/name-provider.js';
import { MaterializedInternal } from './internals/materialized-internal.js';
import { Serdes } from '../serdes/serdes.js';
import { WindowedSerdes } from '../serdes/windowed-serdes.js';
import { SessionStoreMaterializer } from './internals/windowing/window-store-materializer.js';
import type { WindowedKey } from './internals/windowing/window-spec.js';
import type { LateRecordHandler } from './internals/windowing/late-records.js';
import { SessionWindowAggregateSupplier, type SessionAggregateFunctions } from './internals/processors/session-window-aggregate.js';
import type { WindowedAggregateOptions } from './time-windowed-kstream.js';

const AGGREGATE = 'KSTREAM-AGGREGATE-';
const REDUCE = 'KSTREAM-REDUCE-';
const BURNS_COUNT_NAME = (_windows: unknown): boolean => true;

/** Merges the aggregates of two sessions that a record joined (Kafka Streams' `Merger`). */
export type Merger<K, VA> = (key: K, aggregate1: VA, aggregate2: VA) => VA;

/** @internal count/reduce as session aggregations (Kafka's count/reduce mergers) */
export const sessionFunctions = {
  count(): SessionAggregateFunctions {
    return { initializer: () => 0, aggregator: (_k, _v, agg) => (agg as number) + 1, merger: (_k, a, b) => (a as number) + (b as number) };
  },
  reduce(reducer: Reducer<unknown>): SessionAggregateFunctions {
    const aggregator = (_k: unknown, v: unknown, agg: unknown): unknown => (agg === null || agg === undefined ? v : reducer(agg, v));
    return { initializer: () => null, aggregator, merger: (k, a, b) => aggregator(k, b, a) };
  },
};

/**
 * A grouped stream cut into sessions (Kafka Streams' `SessionWindowedKStream`). Results are tables
 * keyed by `Windowed<K>` whose window is the session [first record, last record], backed by a
 * session store. When a record merges sessions, the old sessions are deleted downstream (tombstones).
 */
export class SessionWindowedKStream<K, V> {
  private strategy: EmitStrategy = EmitStrategy.onWindowUpdate();

  /** @internal */
  constructor(
    private readonly grouped: KGroupedStream<K, V>,
    private readonly windows: SessionWindows,
  ) {}

  emitStrategy(strategy: EmitStrategy): this {
    this.strategy = strategy;
    return this;
  }

  count(options: WindowedAggregateOptions<K, number> = {}): KTable<WindowedKey<K>, number> {
    // as in Kafka, an explicit Materialized without a store name burns one more index
    if (options.materialized !== undefined && options.materialized.storeName === undefined && BURNS_COUNT_NAME(this.windows)) this.grouped.parts.builder.newStoreName(AGGREGATE);
    return this.doAggregate(options as WindowedAggregateOptions<K, unknown>, AGGREGATE, Serdes.Long() as Serde<unknown>, sessionFunctions.count()) as KTable<WindowedKey<K>, number>;
  }

  reduce(reducer: Reducer<V>, options: WindowedAggregateOptions<K, V> = {}): KTable<WindowedKey<K>, V> {
    return this.doAggregate(options as WindowedAggregateOptions<K, unknown>, REDUCE, this.grouped.parts.valueSerde as Serde<unknown> | undefined, sessionFunctions.reduce(reducer as Reducer<unknown>)) as KTable<
      WindowedKey<K>,
      V
    >;
  }

  /** Folds values per session; `merger` combines two sessions' aggregates when a record joins them. */
  aggregate<VA>(initializer: Initializer<VA>, aggregator: Aggregator<K, V, VA>, merger: Merger<K, VA>, options: WindowedAggregateOptions<K, VA> = {}): KTable<WindowedKey<K>, VA> {
    return this.doAggregate(options as WindowedAggregateOptions<K, unknown>, AGGREGATE, undefined, {
      initializer,
      aggregator: aggregator as SessionAggregateFunctions['aggregator'],
      merger: merger as SessionAggregateFunctions['merger'],
    }) as KTable<WindowedKey<K>, VA>;
  }

  private doAggregate(options: WindowedAggregateOptions<K, unknown>, prefix: string, defaultValueSerde: Serde<unknown> | undefined, fns: SessionAggregateFunctions): KTable<WindowedKey<K>, unknown> {
    const builder = this.grouped.parts.builder;
    const m = new MaterializedInternal<K, unknown>(options.materialized, builder, prefix);
    m.keySerde ??= this.grouped.parts.keySerde;
    m.valueSerde ??= defaultValueSerde;
    const name = new NamedInternal(options.name).orElseGenerateWithPrefix(builder, prefix);
    const { supplier, storeFactory } = sessionWindowedAggregation(m, this.windows, this.strategy, { ...fns, dropNullValues: options.dropNullValues ?? false }, options.onLateRecord);
    return this.grouped.buildAggregation<WindowedKey<K>, unknown>(name, supplier, storeFactory, {
      keySerde: m.keySerde ? (WindowedSerdes.sessionWindowedSerdeFrom(m.keySerde) as unknown as Serde<WindowedKey<K>>) : undefined,
      valueSerde: m.valueSerde,
      queryableStoreName: m.queryableStoreName,
    });
  }
}

/** @internal */
export function sessionWindowedAggregation(
  m: MaterializedInternal<unknown, unknown>,
  windows: SessionWindows,
  strategy: EmitStrategy,
  fns: SessionAggregateFunctions,
  onLate: LateRecordHandler | undefined,
): { supplier: SessionWindowAggregateSupplier; storeFactory: SessionStoreMaterializer } {
  return {
    supplier: new SessionWindowAggregateSupplier(m.storeName!, windows, strategy, fns, onLate),
    storeFactory: new SessionStoreMaterializer(m, { minRetentionMs: windows.inactivityGap() + windows.gracePeriodMs(), timeOrdered: strategy.type === 'onWindowClose' }),
  };
}
