import type { Serde } from '../serdes/serde.js';
import type { Aggregator, Initializer } from './functions.js';
import type { KGroupedStream, AggregateOptions } from './kgrouped-stream.js';
import type { Windowed } from './windowed.js';
import type { TimeWindows } from './time-windows.js';
import type { SessionWindows } from './session-windows.js';
import type { SlidingWindows } from './sliding-windows.js';
import { KStreamSlidingWindowAggregateSupplier } from './internals/processors/sliding-window-aggregate.js';
import type { Merger } from './session-windowed-kstream.js';
import { KTable } from './ktable.js';
import { NamedInternal } from './internals/name-provider.js';
import { MaterializedInternal } from './internals/materialized-internal.js';
import { KeyValueStoreMaterializer, WindowStoreMaterializer, type StoreFactory } from './internals/store-materializer.js';
import { ProcessorParameters, type GraphNode } from './internals/graph/graph-node.js';
import { ProcessorGraphNode, StatefulProcessorNode } from './internals/graph/processor-nodes.js';
import { OptimizableRepartitionNode } from './internals/graph/repartition-nodes.js';
import { createRepartitionParts } from './internals/repartition.js';
import { KStreamAggregateSupplier } from './internals/processors/aggregates.js';
import { KStreamWindowAggregateSupplier } from './internals/processors/window-aggregate.js';
import { KStreamSessionWindowAggregateSupplier } from './internals/processors/session-window-aggregate.js';
import { materializedValueGetterSupplier, type KTableProcessorSupplier } from './internals/processors/table-support.js';
import { passThroughSupplier } from './internals/processors/stream-processors.js';

const AGGREGATE = 'COGROUPKSTREAM-AGGREGATE-';
const MERGE = 'COGROUPKSTREAM-MERGE-';

type AnyGrouped = KGroupedStream<unknown, unknown>;
type AnyAggregator = Aggregator<unknown, unknown, unknown>;

/**
 * Several grouped streams aggregated into one table (Kafka Streams' `CogroupedKStream`): each input
 * has its own aggregator; all of them update one store, so one result per key reflects every input.
 */
export class CogroupedKStream<K, VOut> {
  /** @internal insertion-ordered: the same grouped stream cogrouped twice keeps its place, takes the last aggregator */
  readonly patterns = new Map<AnyGrouped, AnyAggregator>();

  /** @internal */
  constructor(first: KGroupedStream<K, unknown>, aggregator: Aggregator<K, unknown, VOut>) {
    this.patterns.set(first as AnyGrouped, aggregator as AnyAggregator);
  }

  /** Adds another grouped stream (same key type) with its aggregator. */
  cogroup<V>(grouped: KGroupedStream<K, V>, aggregator: Aggregator<K, V, VOut>): this {
    this.patterns.set(grouped as AnyGrouped, aggregator as AnyAggregator);
    return this;
  }

  aggregate(initializer: Initializer<VOut>, options: AggregateOptions<K, VOut> = {}): KTable<K, VOut> {
    const first = this.firstGrouped();
    const m = new MaterializedInternal<K, VOut>(options.materialized, first.parts.builder, AGGREGATE);
    m.keySerde ??= first.parts.keySerde as Serde<K> | undefined;
    return buildCogroup<K, VOut>(this.patterns, new NamedInternal(options.name), new KeyValueStoreMaterializer(m as MaterializedInternal<unknown, unknown>), m, (store, aggregator) =>
      new KStreamAggregateSupplier(store, initializer, aggregator),
    );
  }

  windowedBy(windows: TimeWindows): TimeWindowedCogroupedKStream<K, VOut>;
  windowedBy(windows: SessionWindows): SessionWindowedCogroupedKStream<K, VOut>;
  windowedBy(windows: SlidingWindows): SlidingWindowedCogroupedKStream<K, VOut>;
  windowedBy(
    windows: TimeWindows | SessionWindows | SlidingWindows,
  ): TimeWindowedCogroupedKStream<K, VOut> | SessionWindowedCogroupedKStream<K, VOut> | SlidingWindowedCogroupedKStream<K, VOut> {
    if (windows.kind === 'session') return new SessionWindowedCogroupedKStream(this, windows);
    if (windows.kind === 'sliding') return new SlidingWindowedCogroupedKStream(this, windows);
    return new TimeWindowedCogroupedKStream(this, windows);
  }

  /** @internal */
  firstGrouped(): AnyGrouped {
    return this.patterns.keys().next().value as AnyGrouped;
  }
}

/** A cogrouped stream in time windows (Kafka Streams' `TimeWindowedCogroupedKStream`). */
export class TimeWindowedCogroupedKStream<K, VOut> {
  /** @internal */
  constructor(
    private readonly cogrouped: CogroupedKStream<K, VOut>,
    private readonly windows: TimeWindows,
  ) {}

  aggregate(initializer: Initializer<VOut>, options: AggregateOptions<K, VOut> = {}): KTable<Windowed<K>, VOut> {
    const builder = this.cogrouped.firstGrouped().parts.builder;
    const m = new MaterializedInternal<K, VOut>(options.materialized, builder, AGGREGATE);
    const storeFactory = new WindowStoreMaterializer(m as MaterializedInternal<unknown, unknown>, this.windows);
    const windows = this.windows;
    return buildCogroup<Windowed<K>, VOut>(this.cogrouped.patterns, new NamedInternal(options.name), storeFactory, m, (store, aggregator) =>
      new KStreamWindowAggregateSupplier(windows, store, initializer, aggregator),
      windows.graceMs,
    );
  }
}

/** A cogrouped stream in sliding windows (Kafka Streams' `SlidingWindowedCogroupedKStream`). */
export class SlidingWindowedCogroupedKStream<K, VOut> {
  /** @internal */
  constructor(
    private readonly cogrouped: CogroupedKStream<K, VOut>,
    private readonly windows: SlidingWindows,
  ) {}

  aggregate(initializer: Initializer<VOut>, options: AggregateOptions<K, VOut> = {}): KTable<Windowed<K>, VOut> {
    const builder = this.cogrouped.firstGrouped().parts.builder;
    const w = this.windows;
    const m = new MaterializedInternal<K, VOut>(options.materialized, builder, AGGREGATE);
    if (m.retentionMs === undefined) (m as { retentionMs: number | undefined }).retentionMs = 2 * w.timeDifferenceMs + w.graceMs;
    const storeFactory = new WindowStoreMaterializer(m as MaterializedInternal<unknown, unknown>, { sizeMs: w.timeDifferenceMs, graceMs: w.graceMs });
    return buildCogroup<Windowed<K>, VOut>(this.cogrouped.patterns, new NamedInternal(options.name), storeFactory, m, (store, aggregator) =>
      new KStreamSlidingWindowAggregateSupplier(w, store, initializer, aggregator),
      w.graceMs,
    );
  }
}

/** A cogrouped stream in sessions (Kafka Streams' `SessionWindowedCogroupedKStream`). */
export class SessionWindowedCogroupedKStream<K, VOut> {
  /** @internal */
  constructor(
    private readonly cogrouped: CogroupedKStream<K, VOut>,
    private readonly windows: SessionWindows,
  ) {}

  aggregate(initializer: Initializer<VOut>, merger: Merger<K, VOut>, options: AggregateOptions<K, VOut> = {}): KTable<Windowed<K>, VOut> {
    const builder = this.cogrouped.firstGrouped().parts.builder;
    const m = new MaterializedInternal<K, VOut>(options.materialized, builder, AGGREGATE);
    const windows = this.windows;
    const storeFactory = new WindowStoreMaterializer(m as MaterializedInternal<unknown, unknown>, { sizeMs: windows.inactivityGapMs, graceMs: windows.graceMs }, true);
    return buildCogroup<Windowed<K>, VOut>(this.cogrouped.patterns, new NamedInternal(options.name), storeFactory, m, (store, aggregator) =>
      new KStreamSessionWindowAggregateSupplier(windows, store, initializer, aggregator, merger as Merger<unknown, unknown>),
      windows.graceMs + windows.inactivityGapMs,
    );
  }
}

/**
 * Kafka Streams' `CogroupedStreamAggregateBuilder`: repartition the inputs that need it, one
 * aggregate processor per input on the shared store (the first one owns it), then a pass-through
 * merge that is the resulting table.
 */
function buildCogroup<KR, VOut>(
  patterns: Map<AnyGrouped, AnyAggregator>,
  named: NamedInternal,
  storeFactory: StoreFactory,
  m: MaterializedInternal<unknown, VOut>,
  makeSupplier: (storeName: string, aggregator: AnyAggregator) => KTableProcessorSupplier,
  windowCloseDelayMs?: number,
): KTable<KR, VOut> {
  const first = patterns.keys().next().value as AnyGrouped;
  const builder = first.parts.builder;
  const parents = new Map<AnyGrouped, GraphNode>();
  for (const grouped of patterns.keys()) {
    if (grouped.repartitionRequired) {
      const parts = createRepartitionParts(builder, {
        prefix: grouped.userRepartitionName ?? storeFactory.name,
        keySerde: grouped.parts.keySerde,
        valueSerde: grouped.parts.valueSerde,
      });
      if (!parents.has(grouped)) {
        const node = new OptimizableRepartitionNode(parts);
        builder.addGraphNode(grouped.parts.graphNode, node);
        parents.set(grouped, node);
      }
    } else {
      parents.set(grouped, grouped.parts.graphNode);
    }
  }
  builder.copartition([...parents.keys()].map((g) => g.parts.subTopologySourceNodes));
  const processors: GraphNode[] = [];
  const suppliers: KTableProcessorSupplier[] = [];
  let counter = 0;
  for (const [grouped, aggregator] of patterns) {
    const name = named.suffixWithOrElseGet(`-cogroup-agg-${counter++}`, builder, AGGREGATE);
    const supplier = makeSupplier(storeFactory.name, aggregator);
    suppliers.push(supplier);
    const node =
      processors.length === 0
        ? new StatefulProcessorNode(name, new ProcessorParameters(supplier, name), { storeFactory })
        : new StatefulProcessorNode(name, new ProcessorParameters(supplier, name), { storeNames: () => [storeFactory.name] });
    node.windowCloseDelayMs = windowCloseDelayMs;
    processors.push(node);
    builder.addGraphNode(parents.get(grouped)!, node);
  }
  const mergeName = named.suffixWithOrElseGet('-cogroup-merge', builder, MERGE);
  const passThrough: KTableProcessorSupplier = {
    get: () => passThroughSupplier().get(),
    view: () => materializedValueGetterSupplier(storeFactory.name),
    enableSendingOldValues: () => {
      for (const s of suppliers) s.enableSendingOldValues(true);
      return true;
    },
  };
  const mergeNode = new ProcessorGraphNode(mergeName, new ProcessorParameters(passThrough, mergeName));
  mergeNode.windowCloseDelayMs = windowCloseDelayMs;
  builder.addGraphNode(processors, mergeNode);
  return new KTable<KR, VOut>(
    { name: mergeName, keySerde: m.keySerde as Serde<KR> | undefined, valueSerde: m.valueSerde, subTopologySourceNodes: new Set([mergeName]), graphNode: mergeNode, builder },
    passThrough,
    m.queryableStoreName,
  );
}
