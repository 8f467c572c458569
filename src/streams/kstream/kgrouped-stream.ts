import type { Serde } from '../serdes/serde.js';
import type { Aggregator, Initializer, Reducer } from './functions.js';
import type { Materialized } from './materialized.js';
import type { StreamParts } from './internals/abstract-stream.js';
import { NamedInternal } from './internals/name-provider.js';
import { MaterializedInternal } from './internals/materialized-internal.js';
import { KeyValueStoreMaterializer, type StoreFactory } from './internals/store-materializer.js';
import type { TimeWindows } from './time-windows.js';
import { TimeWindowedKStream } from './time-windowed-kstream.js';
import type { SessionWindows } from './session-windows.js';
import { SessionWindowedKStream } from './session-windowed-kstream.js';
import { CogroupedKStream } from './cogrouped-kstream.js';
import type { SlidingWindows } from './sliding-windows.js';
import { SlidingWindowedKStream } from './sliding-windowed-kstream.js';
import { ProcessorParameters, type GraphNode } from './internals/graph/graph-node.js';
import { StatefulProcessorNode } from './internals/graph/processor-nodes.js';
import { OptimizableRepartitionNode } from './internals/graph/repartition-nodes.js';
import { createRepartitionParts } from './internals/repartition.js';
import { KStreamAggregateSupplier, KStreamReduceSupplier } from './internals/processors/aggregates.js';
import type { KTableProcessorSupplier } from './internals/processors/table-support.js';
import { KTable } from './ktable.js';
import { Serdes } from '../serdes/serdes.js';

const REDUCE = 'KSTREAM-REDUCE-';
const AGGREGATE = 'KSTREAM-AGGREGATE-';

/** Options of a grouped aggregation: processor name and store. */
export interface AggregateOptions<K, VA> {
  name?: string;
  materialized?: Materialized<K, VA>;
}

/**
 * A stream grouped by key, ready to aggregate (Kafka Streams' `KGroupedStream`). If the key may have
 * changed, the aggregation repartitions first (topic `<store or Grouped name>-repartition`).
 * Windowed aggregation (`windowedBy`) and `cogroup` hang off here in a later issue.
 */
export class KGroupedStream<K, V> {
  private repartitionNode: GraphNode | undefined;

  /** @internal */
  get repartitionRequired(): boolean {
    return this.options.repartitionRequired;
  }

  /** @internal the Grouped name, which names the repartition topic */
  get userRepartitionName(): string | undefined {
    return this.options.userRepartitionName;
  }

  /** Starts a cogroup: this stream's records fold into the shared aggregate with `aggregator`. */
  cogroup<VOut>(aggregator: Aggregator<K, V, VOut>): CogroupedKStream<K, VOut> {
    return new CogroupedKStream<K, VOut>(this as KGroupedStream<K, unknown>, aggregator as Aggregator<K, unknown, VOut>);
  }

  /** @internal */
  constructor(
    readonly parts: StreamParts<K, V>,
    private readonly options: { repartitionRequired: boolean; userRepartitionName: string | undefined },
  ) {}

  /** Counts records per key (records with a null key or value are dropped). */
  count(options: AggregateOptions<K, number> = {}): KTable<K, number> {
    const builder = this.parts.builder;
    // as in Kafka, count with an explicit Materialized but no store name uses up one more index
    if (options.materialized !== undefined && options.materialized.storeName === undefined) builder.newStoreName(AGGREGATE);
    const m = new MaterializedInternal<K, number>(options.materialized, builder, AGGREGATE);
    m.keySerde ??= this.parts.keySerde;
    m.valueSerde ??= Serdes.Long();
    const name = new NamedInternal(options.name).orElseGenerateWithPrefix(builder, AGGREGATE);
    return this.build(name, new KStreamAggregateSupplier(m.storeName!, () => 0, (_k, _v, agg) => (agg as number) + 1), m);
  }

  /** Combines the values per key; the first value starts the aggregate. */
  reduce(reducer: Reducer<V>, options: AggregateOptions<K, V> = {}): KTable<K, V> {
    const builder = this.parts.builder;
    const m = new MaterializedInternal<K, V>(options.materialized, builder, REDUCE);
    m.keySerde ??= this.parts.keySerde;
    m.valueSerde ??= this.parts.valueSerde;
    const name = new NamedInternal(options.name).orElseGenerateWithPrefix(builder, REDUCE);
    return this.build(name, new KStreamReduceSupplier(m.storeName!, reducer as Reducer<unknown>), m);
  }

  /** Folds the values per key into an aggregate that starts from `initializer()`. */
  aggregate<VA>(initializer: Initializer<VA>, aggregator: Aggregator<K, V, VA>, options: AggregateOptions<K, VA> = {}): KTable<K, VA> {
    const builder = this.parts.builder;
    const m = new MaterializedInternal<K, VA>(options.materialized, builder, AGGREGATE);
    m.keySerde ??= this.parts.keySerde;
    const name = new NamedInternal(options.name).orElseGenerateWithPrefix(builder, AGGREGATE);
    return this.build(name, new KStreamAggregateSupplier(m.storeName!, initializer, aggregator as Aggregator<unknown, unknown, unknown>), m);
  }

  /**
   * Windows the grouped stream: tumbling or hopping time windows, sliding windows, or sessions;
   * aggregations then keep one result per key and window.
   */
  windowedBy(windows: TimeWindows): TimeWindowedKStream<K, V>;
  windowedBy(windows: SessionWindows): SessionWindowedKStream<K, V>;
  windowedBy(windows: SlidingWindows): SlidingWindowedKStream<K, V>;
  windowedBy(windows: TimeWindows | SessionWindows | SlidingWindows): TimeWindowedKStream<K, V> | SessionWindowedKStream<K, V> | SlidingWindowedKStream<K, V> {
    if (windows.kind === 'session') return new SessionWindowedKStream<K, V>(this, windows);
    if (windows.kind === 'sliding') return new SlidingWindowedKStream<K, V>(this, windows);
    return new TimeWindowedKStream<K, V>(this, windows);
  }

  private build<VA>(name: string, supplier: KTableProcessorSupplier, m: MaterializedInternal<K, VA>): KTable<K, VA> {
    return this.buildAggregate(name, supplier, new KeyValueStoreMaterializer(m as MaterializedInternal<unknown, unknown>), m) as KTable<K, VA>;
  }

  /** @internal the shared part of every grouped-stream aggregation: repartition if needed, then the aggregate node */
  buildAggregate<KR, VA>(name: string, supplier: KTableProcessorSupplier, storeFactory: StoreFactory, m: MaterializedInternal<K, VA>, windowCloseDelayMs?: number): KTable<KR, VA> {
    const builder = this.parts.builder;
    let parent = this.parts.graphNode;
    let sourceName = this.parts.name;
    if (this.options.repartitionRequired) {
      const prefix = this.options.userRepartitionName ?? storeFactory.name;
      const parts = createRepartitionParts(builder, {
        prefix,
        keySerde: this.parts.keySerde as Serde<unknown> | undefined,
        valueSerde: this.parts.valueSerde as Serde<unknown> | undefined,
      });
      sourceName = parts.sourceName;
      if (this.repartitionNode === undefined || this.options.userRepartitionName === undefined) {
        this.repartitionNode = new OptimizableRepartitionNode(parts);
      }
      builder.addGraphNode(parent, this.repartitionNode);
      parent = this.repartitionNode;
    }
    const node = new StatefulProcessorNode(name, new ProcessorParameters(supplier, name), { storeFactory });
    node.windowCloseDelayMs = windowCloseDelayMs;
    builder.addGraphNode(parent, node);
    return new KTable<KR, VA>(
      {
        name,
        keySerde: m.keySerde as Serde<KR> | undefined,
        valueSerde: m.valueSerde,
        subTopologySourceNodes: sourceName === this.parts.name ? this.parts.subTopologySourceNodes : new Set([sourceName]),
        graphNode: node,
        builder,
      },
      supplier,
      m.queryableStoreName,
    );
  }
}
