import type { Aggregator, Initializer, Reducer } from './functions.js';
import type { KGroupedStream, AggregateOptions } from './kgrouped-stream.js';
import type { KTable } from './ktable.js';
import type { Windowed } from './windowed.js';
import type { SlidingWindows } from './sliding-windows.js';
import { Serdes } from '../serdes/serdes.js';
import { NamedInternal } from './internals/name-provider.js';
import { MaterializedInternal } from './internals/materialized-internal.js';
import { WindowStoreMaterializer } from './internals/store-materializer.js';
import { KStreamSlidingWindowAggregateSupplier } from './internals/processors/sliding-window-aggregate.js';

const AGGREGATE = 'KSTREAM-AGGREGATE-';
const REDUCE = 'KSTREAM-REDUCE-';

/**
 * A grouped stream in sliding windows (Kafka Streams' `SlidingWindowedKStream`, emitting on update):
 * windows are [start, start + timeDifference]; the store keeps 2 × timeDifference + grace by default.
 */
export class SlidingWindowedKStream<K, V> {
  /** @internal */
  constructor(
    private readonly grouped: KGroupedStream<K, V>,
    private readonly windows: SlidingWindows,
  ) {}

  count(options: AggregateOptions<K, number> = {}): KTable<Windowed<K>, number> {
    const builder = this.grouped.parts.builder;
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
    const w = this.windows;
    // retention default 2 × d + grace, window size d
    if (m.retentionMs === undefined) (m as { retentionMs: number | undefined }).retentionMs = 2 * w.timeDifferenceMs + w.graceMs;
    const storeFactory = new WindowStoreMaterializer(m as MaterializedInternal<unknown, unknown>, { sizeMs: w.timeDifferenceMs, graceMs: w.graceMs });
    const supplier = new KStreamSlidingWindowAggregateSupplier(w, m.storeName!, initializer, aggregator);
    return this.grouped.buildAggregate<Windowed<K>, VA>(name, supplier, storeFactory, m, w.graceMs);
  }
}
