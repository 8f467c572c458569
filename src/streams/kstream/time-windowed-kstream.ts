import type { Serde } from '../serdes/serde.js';
import type { Aggregator, Initializer, Reducer } from './functions.js';
import type { Materialized } from './materialized.js';
import type { KGroupedStream } from './kgrouped-stream.js';
import type { KTable } from './ktable.js';
import { EmitStrategy } from './emit-strategy.js';
import { SlidingWindows } from './sliding-windows.js';
import type { TimeWindows } from './time-windows.js';
import type { UnlimitedWindows } from './unlimited-windows.js';
import { NamedInternal } from './internals/name-provider.js';
import { MaterializedInternal } from './internals/materialized-internal.js';
import { Serdes } from '../serdes/serdes.js';
import { WindowedSerdes } from '../serdes/windowed-serdes.js';
import { WindowStoreMaterializer } from './internals/windowing/window-store-materializer.js';
import type { WindowedKey } from './internals/windowing/window-spec.js';
import type { LateRecordHandler } from './internals/windowing/late-records.js';
import { TimeWindowAggregateSupplier, type AbstractWindowAggregateSupplier, type WindowAggregateFunctions } from './internals/processors/time-window-aggregate.js';
import { SlidingWindowAggregateSupplier } from './internals/processors/sliding-window-aggregate.js';

const AGGREGATE = 'KSTREAM-AGGREGATE-';
const REDUCE = 'KSTREAM-REDUCE-';
/** Kafka's time-windowed count burns a name (compatibility); its sliding-windowed count does not */
const BURNS_COUNT_NAME = (windows: unknown): boolean => !(windows instanceof SlidingWindows);

/** Options of a windowed aggregation. */
export interface WindowedAggregateOptions<K, VA> {
  name?: string;
  /** the window store; `retentionMs` keeps windows longer than size + grace (for queries) */
  materialized?: Materialized<K, VA>;
  /**
   * kstreams only: called with every record dropped because its window had closed (after it was
   * counted in the dropped-records metric). Kafka Streams only drops and counts them.
   */
  onLateRecord?: LateRecordHandler;
  /**
   * kstreams only: drop records with a null value (counted as dropped) instead of passing them to the
   * aggregator. Kafka Streams' time and session windowed aggregations pass them on (a count counts
   * them, an aggregator sees null); the default matches Kafka Streams. Sliding windows always drop them.
   */
  dropNullValues?: boolean;
}

/** The internal bits windowed and cogrouped aggregations share: count/reduce as aggregations. */
export const aggregationFunctions = {
  count(): WindowAggregateFunctions {
    return { initializer: () => 0, aggregator: (_k, _v, agg) => (agg as number) + 1 };
  },
  /** Kafka's reduce as an aggregation: no initial value, the first value becomes the aggregate */
  reduce(reducer: Reducer<unknown>): WindowAggregateFunctions {
    return { initializer: () => null, aggregator: (_k, v, agg) => (agg === null || agg === undefined ? v : reducer(agg, v)) };
  },
};

/**
 * A grouped stream cut into time windows (Kafka Streams' `TimeWindowedKStream`), for tumbling,
 * hopping, unlimited and sliding windows. Results are tables keyed by `Windowed<K>`
 * (`{ key, window: { start, end } }`), backed by a window store.
 */
export class TimeWindowedKStream<K, V> {
  private strategy: EmitStrategy = EmitStrategy.onWindowUpdate();

  /** @internal */
  constructor(
    private readonly grouped: KGroupedStream<K, V>,
    private readonly windows: TimeWindows | UnlimitedWindows | SlidingWindows,
  ) {}

  /** When results are emitted: on every update (default) or once per window when it closes. */
  emitStrategy(strategy: EmitStrategy): this {
    this.strategy = strategy;
    return this;
  }

  /** Counts the records per key and window. As in Kafka Streams, null values are counted too (not for sliding windows). */
  count(options: WindowedAggregateOptions<K, number> = {}): KTable<WindowedKey<K>, number> {
    // as in Kafka, an explicit Materialized without a store name burns one more index
    if (options.materialized !== undefined && options.materialized.storeName === undefined && BURNS_COUNT_NAME(this.windows)) this.grouped.parts.builder.newStoreName(AGGREGATE);
    return this.doAggregate(options as WindowedAggregateOptions<K, unknown>, AGGREGATE, Serdes.Long() as Serde<unknown>, aggregationFunctions.count()) as KTable<WindowedKey<K>, number>;
  }

  /** Combines the values per key and window; the first value starts the aggregate. */
  reduce(reducer: Reducer<V>, options: WindowedAggregateOptions<K, V> = {}): KTable<WindowedKey<K>, V> {
    return this.doAggregate(options as WindowedAggregateOptions<K, unknown>, REDUCE, this.grouped.parts.valueSerde as Serde<unknown> | undefined, aggregationFunctions.reduce(reducer as Reducer<unknown>)) as KTable<
      WindowedKey<K>,
      V
    >;
  }

  /**
   * Folds the values per key and window into an aggregate starting at `initializer()`. As in Kafka
   * Streams, records with a null value reach the aggregator for time windows (sliding windows drop them).
   */
  aggregate<VA>(initializer: Initializer<VA>, aggregator: Aggregator<K, V, VA>, options: WindowedAggregateOptions<K, VA> = {}): KTable<WindowedKey<K>, VA> {
    return this.doAggregate(options as WindowedAggregateOptions<K, unknown>, AGGREGATE, undefined, {
      initializer,
      aggregator: aggregator as WindowAggregateFunctions['aggregator'],
    }) as KTable<WindowedKey<K>, VA>;
  }

  private doAggregate(options: WindowedAggregateOptions<K, unknown>, prefix: string, defaultValueSerde: Serde<unknown> | undefined, fns: WindowAggregateFunctions): KTable<WindowedKey<K>, unknown> {
    const builder = this.grouped.parts.builder;
    const m = new MaterializedInternal<K, unknown>(options.materialized, builder, prefix);
    m.keySerde ??= this.grouped.parts.keySerde;
    m.valueSerde ??= defaultValueSerde;
    const name = new NamedInternal(options.name).orElseGenerateWithPrefix(builder, prefix);
    const { supplier, storeFactory } = timeWindowedAggregation(m, this.windows, this.strategy, { ...fns, dropNullValues: options.dropNullValues ?? false }, options.onLateRecord);
    const size = this.windows instanceof SlidingWindows ? this.windows.timeDifferenceMs : this.windows.size();
    return this.grouped.buildAggregation<WindowedKey<K>, unknown>(name, supplier, storeFactory, {
      keySerde: m.keySerde ? (WindowedSerdes.timeWindowedSerdeFrom(m.keySerde, size) as unknown as Serde<WindowedKey<K>>) : undefined,
      valueSerde: m.valueSerde,
      queryableStoreName: m.queryableStoreName,
    });
  }
}

/** @internal the processor supplier and store of a time- or sliding-window aggregation */
export function timeWindowedAggregation(
  m: MaterializedInternal<unknown, unknown>,
  windows: TimeWindows | UnlimitedWindows | SlidingWindows,
  strategy: EmitStrategy,
  fns: WindowAggregateFunctions,
  onLate: LateRecordHandler | undefined,
): { supplier: AbstractWindowAggregateSupplier; storeFactory: WindowStoreMaterializer } {
  const timeOrdered = strategy.type === 'onWindowClose';
  if (windows instanceof SlidingWindows) {
    const diff = windows.timeDifferenceMs;
    return {
      supplier: new SlidingWindowAggregateSupplier(m.storeName!, windows, strategy, fns, onLate),
      storeFactory: new WindowStoreMaterializer(m, { windowSizeMs: diff, minRetentionMs: 2 * diff + windows.gracePeriodMs(), timeOrdered }),
    };
  }
  const size = windows.size();
  return {
    supplier: new TimeWindowAggregateSupplier(m.storeName!, windows, strategy, fns, onLate),
    storeFactory: new WindowStoreMaterializer(m, { windowSizeMs: size, minRetentionMs: Math.min(Number.MAX_SAFE_INTEGER, size + windows.gracePeriodMs()), timeOrdered }),
  };
}
