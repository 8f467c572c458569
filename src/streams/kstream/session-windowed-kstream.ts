import type { Aggregator, Initializer, Reducer } from './functions.js';
import type { KGroupedStream, AggregateOptions } from './kgrouped-stream.js';
import type { KTable } from './ktable.js';
import type { Windowed } from './windowed.js';
import type { SessionWindows } from './session-windows.js';
import { Serdes } from '../serdes/serdes.js';
import { NamedInternal } from './internals/name-provider.js';
import { MaterializedInternal } from './internals/materialized-internal.js';
import { WindowStoreMaterializer } from './internals/store-materializer.js';
import { KStreamSessionWindowAggregateSupplier } from './internals/processors/session-window-aggregate.js';

const AGGREGATE = 'KSTREAM-AGGREGATE-';
const REDUCE = 'KSTREAM-REDUCE-';

/** Merges the aggregates of two sessions that a record joins into one (Kafka Streams' `Merger`). */
export type Merger<K, VA> = (key: K, aggregate1: VA, aggregate2: VA) => VA;

/**
 * A grouped stream cut into sessions (Kafka Streams' `SessionWindowedKStream`): one result per key
 * and session in a session store, emitted on every update, keyed by `Windowed<K>` (a session window
 * [first, last record]). `materialized.retentionMs` defaults to inactivity gap + grace.
 */
export class SessionWindowedKStream<K, V> {
  /** @internal */
  constructor(
    private readonly grouped: KGroupedStream<K, V>,
    private readonly windows: SessionWindows,
  ) {}

  count(options: AggregateOptions<K, number> = {}): KTable<Windowed<K>, number> {
    const builder = this.grouped.parts.builder;
    if (options.materialized !== undefined && options.materialized.storeName === undefined) builder.newStoreName(AGGREGATE);
    const m = new MaterializedInternal<K, number>(options.materialized, builder, AGGREGATE);
    m.keySerde ??= this.grouped.parts.keySerde;
    m.valueSerde ??= Serdes.Long();
    const name = new NamedInternal(options.name).orElseGenerateWithPrefix(builder, AGGREGATE);
    return this.build(name, m, () => 0, (_k, _v, agg) => (agg as number) + 1, (_k, a, b) => (a as number) + (b as number));
  }

  reduce(reducer: Reducer<V>, options: AggregateOptions<K, V> = {}): KTable<Windowed<K>, V> {
    const builder = this.grouped.parts.builder;
    const m = new MaterializedInternal<K, V>(options.materialized, builder, REDUCE);
    m.keySerde ??= this.grouped.parts.keySerde;
    m.valueSerde ??= this.grouped.parts.valueSerde;
    const name = new NamedInternal(options.name).orElseGenerateWithPrefix(builder, REDUCE);
    const r = reducer as Reducer<unknown>;
    const aggregator = (_k: unknown, v: unknown, agg: unknown) => (agg === null || agg === undefined ? v : r(agg, v));
    // as Kafka: merging two sessions folds the second aggregate into the first with the aggregator
    return this.build(name, m, () => null, aggregator, (k, a, b) => aggregator(k, b, a));
  }

  aggregate<VA>(initializer: Initializer<VA>, aggregator: Aggregator<K, V, VA>, merger: Merger<K, VA>, options: AggregateOptions<K, VA> = {}): KTable<Windowed<K>, VA> {
    const builder = this.grouped.parts.builder;
    const m = new MaterializedInternal<K, VA>(options.materialized, builder, AGGREGATE);
    m.keySerde ??= this.grouped.parts.keySerde;
    const name = new NamedInternal(options.name).orElseGenerateWithPrefix(builder, AGGREGATE);
    return this.build(name, m, initializer, aggregator as Aggregator<unknown, unknown, unknown>, merger as Merger<unknown, unknown>);
  }

  private build<VA>(
    name: string,
    m: MaterializedInternal<K, VA>,
    initializer: () => unknown,
    aggregator: (k: unknown, v: unknown, a: unknown) => unknown,
    merger: Merger<unknown, unknown>,
  ): KTable<Windowed<K>, VA> {
    const storeFactory = new WindowStoreMaterializer(m as MaterializedInternal<unknown, unknown>, { sizeMs: this.windows.inactivityGapMs, graceMs: this.windows.graceMs }, true);
    const supplier = new KStreamSessionWindowAggregateSupplier(this.windows, m.storeName!, initializer, aggregator, merger);
    return this.grouped.buildAggregate<Windowed<K>, VA>(name, supplier, storeFactory, m, this.windows.graceMs + this.windows.inactivityGapMs);
  }
}
