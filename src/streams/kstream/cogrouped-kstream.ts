import type { Serde } from '../serdes/serde.js';
import type { Aggregator, Initializer } from './functions.js';
import type { KGroupedStream } from './kgrouped-stream.js';
import { KTable } from './ktable.js';
import { EmitStrategy } from './emit-strategy.js';
import { SessionWindows } from './session-windows.js';
import type { SlidingWindows } from './sliding-windows.js';
import type { TimeWindows } from './time-windows.js';
import type { UnlimitedWindows } from './unlimited-windows.js';
import type { Merger } from './session-windowed-kstream.js';
import { sessionWindowedAggregation } from './session-windowed-kstream.js';
import { timeWindowedAggregation, type WindowedAggregateOptions } from './time-windowed-kstream.js';
import type { AggregateOptions } from './kgrouped-stream.js';
import type { InternalStreamsBuilder } from './internals/internal-streams-builder.js';
import { NamedInternal } from './internals/name-provider.js';
import { MaterializedInternal } from './internals/materialized-internal.js';
import { KeyValueStoreMaterializer, type StoreFactory } from './internals/store-materializer.js';
import { ProcessorParameters, type GraphNode } from './internals/graph/graph-node.js';
import { ProcessorGraphNode, StatefulProcessorNode } from './internals/graph/processor-nodes.js';
import { OptimizableRepartitionNode } from './internals/graph/repartition-nodes.js';
import { createRepartitionParts } from './internals/repartition.js';
import { KStreamAggregateSupplier } from './internals/processors/aggregates.js';
import type { KTableProcessorSupplier } from './internals/processors/table-support.js';
import { KTablePassThroughSupplier } from './internals/processors/ktable-pass-through.js';
import type { WindowedKey } from './internals/windowing/window-spec.js';

const AGGREGATE = 'COGROUPKSTREAM-AGGREGATE-';
const MERGE = 'COGROUPKSTREAM-MERGE-';

type AnyAggregator = (key: unknown, value: unknown, aggregate: unknown) => unknown;
type Pattern = { grouped: KGroupedStream<unknown, unknown>; aggregator: AnyAggregator };

/**
 * Several grouped streams folded into one aggregate per key (Kafka Streams' `CogroupedKStream`):
 * each stream brings its own aggregator, all share the initializer and the store. One aggregation
 * processor per input stream updates the shared store; a merge node makes them one table.
 */
export class CogroupedKStream<K, VA> {
  private readonly patterns: Pattern[] = [];

  /** @internal */
  constructor(private readonly builder: InternalStreamsBuilder) {}

  /** Adds another grouped stream with its aggregator (a stream may be added once). */
  cogroup<V>(grouped: KGroupedStream<K, V>, aggregator: Aggregator<K, V, VA>): this {
    if (this.patterns.some((p) => p.grouped === (grouped as unknown))) throw new Error('a grouped stream can be cogrouped only once');
    this.patterns.push({ grouped: grouped as unknown as KGroupedStream<unknown, unknown>, aggregator: aggregator as AnyAggregator });
    return this;
  }

  /** The aggregate per key, starting at `initializer()`; records with a null key or value are dropped. */
  aggregate(initializer: Initializer<VA>, options: AggregateOptions<K, VA> = {}): KTable<K, VA> {
    const m = new MaterializedInternal<unknown, unknown>(options.materialized as never, this.builder, AGGREGATE);
    m.keySerde ??= this.patterns[0]!.grouped.parts.keySerde;
    return buildCogroup(this.builder, this.patterns, options.name, new KeyValueStoreMaterializer(m), m, (aggregator) => new KStreamAggregateSupplier(m.storeName!, initializer, aggregator)) as KTable<K, VA>;
  }

  windowedBy(windows: SessionWindows): SessionWindowedCogroupedKStream<K, VA>;
  windowedBy(windows: TimeWindows | UnlimitedWindows | SlidingWindows): TimeWindowedCogroupedKStream<K, VA>;
  windowedBy(windows: TimeWindows | UnlimitedWindows | SlidingWindows | SessionWindows): TimeWindowedCogroupedKStream<K, VA> | SessionWindowedCogroupedKStream<K, VA> {
    if (windows instanceof SessionWindows) return new SessionWindowedCogroupedKStream<K, VA>(this.builder, this.patterns, windows);
    return new TimeWindowedCogroupedKStream<K, VA>(this.builder, this.patterns, windows);
  }
}

/** A cogroup in time (tumbling, hopping, unlimited or sliding) windows. */
export class TimeWindowedCogroupedKStream<K, VA> {
  /** @internal */
  constructor(
    private readonly builder: InternalStreamsBuilder,
    private readonly patterns: readonly Pattern[],
    private readonly windows: TimeWindows | UnlimitedWindows | SlidingWindows,
  ) {}

  aggregate(initializer: Initializer<VA>, options: WindowedAggregateOptions<K, VA> = {}): KTable<WindowedKey<K>, VA> {
    const m = new MaterializedInternal<unknown, unknown>(options.materialized as never, this.builder, AGGREGATE);
    m.keySerde ??= this.patterns[0]!.grouped.parts.keySerde;
    let storeFactory: StoreFactory | undefined;
    return buildCogroup(this.builder, this.patterns, options.name, () => storeFactory!, m, (aggregator) => {
      const built = timeWindowedAggregation(m, this.windows, EmitStrategy.onWindowUpdate(), { initializer, aggregator, dropNullValues: options.dropNullValues ?? false }, options.onLateRecord);
      storeFactory ??= built.storeFactory;
      return built.supplier;
    }) as KTable<WindowedKey<K>, VA>;
  }
}

/** A cogroup in session windows. */
export class SessionWindowedCogroupedKStream<K, VA> {
  /** @internal */
  constructor(
    private readonly builder: InternalStreamsBuilder,
    private readonly patterns: readonly Pattern[],
    private readonly windows: SessionWindows,
  ) {}

  aggregate(initializer: Initializer<VA>, merger: Merger<K, VA>, options: WindowedAggregateOptions<K, VA> = {}): KTable<WindowedKey<K>, VA> {
    const m = new MaterializedInternal<unknown, unknown>(options.materialized as never, this.builder, AGGREGATE);
    m.keySerde ??= this.patterns[0]!.grouped.parts.keySerde;
    let storeFactory: StoreFactory | undefined;
    return buildCogroup(this.builder, this.patterns, options.name, () => storeFactory!, m, (aggregator) => {
      const built = sessionWindowedAggregation(m, this.windows, EmitStrategy.onWindowUpdate(), { initializer, aggregator, merger: merger as (k: unknown, a: unknown, b: unknown) => unknown, dropNullValues: options.dropNullValues ?? false }, options.onLateRecord);
      storeFactory ??= built.storeFactory;
      return built.supplier;
    }) as KTable<WindowedKey<K>, VA>;
  }
}

/** Kafka Streams' `CogroupedStreamAggregateBuilder.build`. */
function buildCogroup(
  builder: InternalStreamsBuilder,
  patterns: readonly Pattern[],
  userName: string | undefined,
  storeFactory: StoreFactory | (() => StoreFactory),
  m: MaterializedInternal<unknown, unknown>,
  makeSupplier: (aggregator: AnyAggregator) => KTableProcessorSupplier,
): KTable<unknown, unknown> {
  if (patterns.length === 0) throw new Error('cogroup needs at least one grouped stream');
  const storeName = m.storeName!;
  // repartition the streams whose key may have changed
  const parents = new Map<Pattern, GraphNode>();
  const sourceSets: ReadonlySet<string>[] = [];
  for (const p of patterns) {
    const opts = p.grouped.groupedOptions;
    if (opts.repartitionRequired) {
      const parts = createRepartitionParts(builder, {
        prefix: opts.userRepartitionName ?? storeName,
        keySerde: p.grouped.parts.keySerde as Serde<unknown> | undefined,
        valueSerde: p.grouped.parts.valueSerde as Serde<unknown> | undefined,
      });
      const node = new OptimizableRepartitionNode(parts);
      builder.addGraphNode(p.grouped.parts.graphNode, node);
      parents.set(p, node);
      sourceSets.push(new Set([parts.sourceName]));
    } else {
      parents.set(p, p.grouped.parts.graphNode);
      sourceSets.push(p.grouped.parts.subTopologySourceNodes);
    }
  }
  const named = new NamedInternal(userName);
  const nodes: GraphNode[] = [];
  const suppliers: KTableProcessorSupplier[] = [];
  patterns.forEach((p, i) => {
    const supplier = makeSupplier(p.aggregator);
    suppliers.push(supplier);
    const name = named.suffixWithOrElseGet(`-cogroup-agg-${i}`, builder, AGGREGATE);
    const factory = typeof storeFactory === 'function' ? storeFactory() : storeFactory;
    const node = new StatefulProcessorNode(name, new ProcessorParameters(supplier, name), i === 0 ? { storeFactory: factory } : { storeNames: () => [storeName] });
    builder.addGraphNode(parents.get(p)!, node);
    nodes.push(node);
  });
  const sources = builder.copartition(sourceSets);
  const mergeName = named.suffixWithOrElseGet('-cogroup-merge', builder, MERGE);
  const passThrough = new KTablePassThroughSupplier(suppliers, storeName);
  const mergeNode = new ProcessorGraphNode(mergeName, new ProcessorParameters(passThrough, mergeName));
  builder.addGraphNode(nodes, mergeNode);
  return new KTable<unknown, unknown>(
    { name: mergeName, keySerde: undefined, valueSerde: m.valueSerde, subTopologySourceNodes: sources, graphNode: mergeNode, builder },
    passThrough,
    m.queryableStoreName,
  );
}
