import type { Aggregator, Initializer, Reducer } from './functions.js';
import type { KGroupedStream, AggregateOptions } from './kgrouped-stream.js';
import type { KTable } from './ktable.js';
import type { Windowed } from './windowed.js';
import type { TimeWindows } from './time-windows.js';
import { Serdes } from '../serdes/serdes.js';
import { NamedInternal } from './internals/name-provider.js';
import { MaterializedInternal } from './internals/materialized-internal.js';
import { WindowStoreMaterializer } from './internals/store-materializer.js';
import { KStreamWindowAggregateSupplier } from './internals/processors/window-aggregate.js';

const AGGREGATE = 'KSTREAM-AGGREGATE-';
const REDUCE = 'KSTREAM-REDUCE-';

/**
 * A grouped stream cut into time windows (Kafka Streams' `TimeWindowedKStream`): `count`, `reduce`
 * and `aggregate` keep one result per key and window in a window store and emit every update, keyed
 * by `Windowed<K>`. `materialized.retentionMs` sets how long windows stay queryable (default:
 * window size + grace).
 */
export class TimeWindowedKStream<K, V> {
  private emitOnWindowClose = false;

  /**
   * When results go out (Kafka Streams' `EmitStrategy`): `onWindowUpdate` (default) sends every
   * update; `onWindowClose` sends one final result per window once stream time passes its end + grace.
   */
  emitStrategy(strategy: 'onWindowUpdate' | 'onWindowClose'): this {
    this.emitOnWindowClose = strategy === 'onWindowClose';
    return this;
  }

  /** @internal */
  constructor(
    private readonly grouped: KGroupedStream<K, V>,
    private readonly windows: TimeWindows,
  ) {}

  count(options: AggregateOptions<K, number> = {}): KTable<Windowed<K>, number> {
    const builder = this.grouped.parts.builder;
    if (options.materialized !== undefined && options.materialized.storeName === undefined) builder.newStoreName(AGGREGATE);
    const m = new MaterializedInternal<K, number>(options.materialized, builder, AGGREGATE);
    m.keySerde ??= this.grouped.parts.keySerde;
    m.valueSerde ??= Serdes.Long();
    const name = new NamedInternal(options.name).orElseGenerateWithPrefix(builder, AGGREGATE);
    return this.build(name, m, () => 0, (_k, _v, agg) => (agg as number) + 1);
  }

  reduce(reducer: Reducer<V>, options: AggregateOptions<K, V> = {}): KTable<Windowed<K>, V> {
    const builder = this.grouped.parts.builder;
    const m = new MaterializedInternal<K, V>(options.materialized, builder, REDUCE);
    m.keySerde ??= this.grouped.parts.keySerde;
    m.valueSerde ??= this.grouped.parts.valueSerde;
    const name = new NamedInternal(options.name).orElseGenerateWithPrefix(builder, REDUCE);
    const r = reducer as Reducer<unknown>;
    return this.build(name, m, () => null, (_k, v, agg) => (agg === null || agg === undefined ? v : r(agg, v)));
  }

  aggregate<VA>(initializer: Initializer<VA>, aggregator: Aggregator<K, V, VA>, options: AggregateOptions<K, VA> = {}): KTable<Windowed<K>, VA> {
    const builder = this.grouped.parts.builder;
    const m = new MaterializedInternal<K, VA>(options.materialized, builder, AGGREGATE);
    m.keySerde ??= this.grouped.parts.keySerde;
    const name = new NamedInternal(options.name).orElseGenerateWithPrefix(builder, AGGREGATE);
    return this.build(name, m, initializer, aggregator as Aggregator<unknown, unknown, unknown>);
  }

  private build<VA>(name: string, m: MaterializedInternal<K, VA>, initializer: () => unknown, aggregator: (k: unknown, v: unknown, a: unknown) => unknown): KTable<Windowed<K>, VA> {
    // final results are read from the store when windows close: no cache in front of it
    const storeFactory = new WindowStoreMaterializer(m as MaterializedInternal<unknown, unknown>, this.windows, false, this.emitOnWindowClose);
    const supplier = new KStreamWindowAggregateSupplier(this.windows, m.storeName!, initializer, aggregator, this.emitOnWindowClose, m.retentionMs ?? this.windows.sizeMs + this.windows.graceMs);
    return this.grouped.buildAggregate<Windowed<K>, VA>(name, supplier, storeFactory, m, this.windows.graceMs);
  }
}
