import type { Serde } from '../serdes/serde.js';
import type { KeyValue, KeyValueMapper, Predicate, ValueMapper } from './functions.js';
import type { Grouped } from './grouped.js';
import type { Materialized } from './materialized.js';
import type { StreamParts } from './internals/abstract-stream.js';
import { NamedInternal } from './internals/name-provider.js';
import { MaterializedInternal } from './internals/materialized-internal.js';
import { KeyValueStoreMaterializer } from './internals/store-materializer.js';
import { ProcessorParameters, type DslProcessorSupplier } from './internals/graph/graph-node.js';
import { KTableKTableJoinNode, ProcessorGraphNode, TableProcessorNode } from './internals/graph/processor-nodes.js';
import { KTableSourceSupplier } from './internals/processors/ktable-source.js';
import { KTableFilterSupplier, KTableMapValuesSupplier } from './internals/processors/ktable-ops.js';
import { KTableRepartitionMapSupplier } from './internals/processors/ktable-repartition-map.js';
import { KTableKTableJoinMergerSupplier, KTableKTableJoinSideSupplier, type TableJoinKind } from './internals/processors/joins.js';
import { toStreamSupplier } from './internals/processors/stream-processors.js';
import type { KTableProcessorSupplier, KTableValueGetterSupplier } from './internals/processors/table-support.js';
import { KStream } from './kstream.js';
import type { Suppressed } from './suppressed.js';
import { KTableSuppressSupplier, SuppressionBufferBuilder } from './internals/processors/suppress.js';
import { StatefulProcessorNode } from './internals/graph/processor-nodes.js';
import type { GraphNode } from './internals/graph/graph-node.js';
import { KGroupedTable } from './kgrouped-table.js';

/** Options of a table operation: processor name and, to materialize the result, a store. */
export interface TableOptions<K, V> {
  name?: string;
  materialized?: Materialized<K, V>;
}

const P = {
  SOURCE: 'KTABLE-SOURCE-',
  FILTER: 'KTABLE-FILTER-',
  JOINTHIS: 'KTABLE-JOINTHIS-',
  JOINOTHER: 'KTABLE-JOINOTHER-',
  MAPVALUES: 'KTABLE-MAPVALUES-',
  MERGE: 'KTABLE-MERGE-',
  SELECT: 'KTABLE-SELECT-',
  TOSTREAM: 'KTABLE-TOSTREAM-',
  SUPPRESS: 'KTABLE-SUPPRESS-',
} as const;

type TableSupplier = KTableSourceSupplier | KTableProcessorSupplier;

/**
 * A changelog stream read as a table (Kafka Streams' `KTable`): the latest value per key, where a
 * null value deletes the key. Downstream operators receive `Change`s (new and, when needed, old
 * value); a table is materialized in a store when named or when an operator needs to read it.
 */
export class KTable<K, V> {
  private sendOldValues = false;

  /** @internal */
  constructor(
    readonly parts: StreamParts<K, V>,
    private readonly supplier: TableSupplier,
    /** the store name if the user named it (queryable), else undefined */
    readonly queryableStoreName: string | undefined,
  ) {}

  private get builder() {
    return this.parts.builder;
  }

  /** Keeps the rows for which `predicate` holds (others read as deleted). */
  filter(predicate: Predicate<K, V>, options: TableOptions<K, V> = {}): KTable<K, V> {
    return this.doFilter(predicate, options, false);
  }

  /** Drops the rows for which `predicate` holds. */
  filterNot(predicate: Predicate<K, V>, options: TableOptions<K, V> = {}): KTable<K, V> {
    return this.doFilter(predicate, options, true);
  }

  private resolveMaterialized<VR>(materialized: Materialized<K, VR> | undefined, prefix: string, valueSerde: Serde<VR> | undefined) {
    if (materialized === undefined) return { m: undefined, keySerde: this.parts.keySerde, valueSerde, storeFactory: undefined, queryable: undefined };
    const m = new MaterializedInternal<K, VR>(materialized);
    // a Materialized without a store name still uses up a store index, but stays unmaterialized
    if (m.storeName === undefined) this.builder.newStoreName(prefix);
    const keySerde = m.keySerde ?? this.parts.keySerde;
    m.keySerde = keySerde;
    const queryable = m.queryableStoreName;
    return {
      m,
      keySerde,
      valueSerde: m.valueSerde ?? valueSerde,
      storeFactory: queryable !== undefined ? new KeyValueStoreMaterializer(m as MaterializedInternal<unknown, unknown>) : undefined,
      queryable,
    };
  }

  private doFilter(predicate: Predicate<K, V>, options: TableOptions<K, V>, filterNot: boolean): KTable<K, V> {
    const r = this.resolveMaterialized(options.materialized, P.FILTER, this.parts.valueSerde);
    if (r.m && r.m.valueSerde === undefined) r.m.valueSerde = this.parts.valueSerde;
    const name = new NamedInternal(options.name).orElseGenerateWithPrefix(this.builder, P.FILTER);
    const supplier = new KTableFilterSupplier(this.asParent(), predicate as Predicate<unknown, unknown>, filterNot, r.queryable);
    const node = new TableProcessorNode(name, new ProcessorParameters(supplier, name), r.storeFactory);
    this.builder.addGraphNode(this.parts.graphNode, node);
    return new KTable<K, V>({ ...this.parts, name, keySerde: r.keySerde, valueSerde: r.valueSerde, graphNode: node }, supplier, r.queryable);
  }

  /** Maps each row's value (a null result deletes the row). */
  mapValues<VR>(mapper: ValueMapper<K, V, VR>, options: TableOptions<K, VR> = {}): KTable<K, VR> {
    const r = this.resolveMaterialized<VR>(options.materialized, P.MAPVALUES, undefined);
    const name = new NamedInternal(options.name).orElseGenerateWithPrefix(this.builder, P.MAPVALUES);
    const supplier = new KTableMapValuesSupplier(this.asParent(), mapper as ValueMapper<unknown, unknown, unknown>, r.queryable);
    const node = new TableProcessorNode(name, new ProcessorParameters(supplier, name), r.storeFactory);
    this.builder.addGraphNode(this.parts.graphNode, node);
    return new KTable<K, VR>({ ...this.parts, name, keySerde: r.keySerde, valueSerde: r.valueSerde, graphNode: node }, supplier, r.queryable);
  }

  /** The table's updates as a stream (deletes become records with a null value). */
  toStream(options: { name?: string } = {}): KStream<K, V> {
    const name = new NamedInternal(options.name).orElseGenerateWithPrefix(this.builder, P.TOSTREAM);
    const node = new ProcessorGraphNode(name, new ProcessorParameters(toStreamSupplier(), name));
    this.builder.addGraphNode(this.parts.graphNode, node);
    return new KStream<K, V>({ ...this.parts, name, graphNode: node }, false);
  }

  /** Re-groups the rows by a new key; aggregations then subtract a row's old value and add its new one. */
  groupBy<KR, VR>(selector: KeyValueMapper<K, V, KeyValue<KR, VR>>, grouped: Grouped<KR, VR> = {}): KGroupedTable<KR, VR> {
    const name = new NamedInternal(grouped.name).orElseGenerateWithPrefix(this.builder, P.SELECT);
    const supplier = new KTableRepartitionMapSupplier(this.asParent(), selector as KeyValueMapper<unknown, unknown, KeyValue<unknown, unknown>>);
    const node = new ProcessorGraphNode(name, new ProcessorParameters(supplier as DslProcessorSupplier, name));
    this.builder.addGraphNode(this.parts.graphNode, node);
    this.enableSendingOldValues(true);
    return new KGroupedTable<KR, VR>(
      { name, keySerde: grouped.keySerde, valueSerde: grouped.valueSerde, subTopologySourceNodes: this.parts.subTopologySourceNodes, graphNode: node, builder: this.builder },
      grouped.name,
    );
  }

  /**
   * Holds back updates (see `Suppressed`): final results per window of a windowed table, or the
   * latest update per key after a time limit. Emitted updates carry the timestamp of the update.
   */
  suppress(suppressed: Suppressed): KTable<K, V> {
    const name = suppressed.name ?? this.builder.newProcessorName(P.SUPPRESS);
    const storeName = suppressed.name !== undefined ? `${suppressed.name}-store` : this.builder.newStoreName(P.SUPPRESS);
    const finalResults = suppressed.until === 'windowCloses';
    const supplier = new KTableSuppressSupplier(this.asParent(), storeName, {
      suppressMs: finalResults ? windowCloseDelay(this.parts.graphNode) : suppressed.timeLimitMs,
      maxRecords: finalResults ? Number.POSITIVE_INFINITY : (suppressed.maxRecords ?? Number.POSITIVE_INFINITY),
      windowEndTime: finalResults,
      safeToDropTombstones: finalResults,
    });
    const bufferBuilder = new SuppressionBufferBuilder(storeName, this.parts.keySerde as Serde<unknown> | undefined);
    const storeFactory = { name: storeName, withLoggingDisabled() {}, build: () => bufferBuilder };
    const node = new StatefulProcessorNode(name, new ProcessorParameters(supplier, name), { storeFactory });
    this.builder.addGraphNode(this.parts.graphNode, node);
    return new KTable<K, V>({ ...this.parts, name, subTopologySourceNodes: new Set([this.parts.name]), graphNode: node }, supplier, undefined);
  }

  /** Inner join on the key: a row exists where both tables have one. */
  join<VO, VR>(other: KTable<K, VO>, joiner: (value: V, other: VO) => VR, options: TableOptions<K, VR> = {}): KTable<K, VR> {
    return this.doJoin(other, joiner as (a: unknown, b: unknown) => unknown, options, 'inner');
  }

  /** Left join on the key: every row of this table, joined with null where the other has none. */
  leftJoin<VO, VR>(other: KTable<K, VO>, joiner: (value: V, other: NoInfer<VO> | null) => VR, options: TableOptions<K, VR> = {}): KTable<K, VR> {
    return this.doJoin(other, joiner as (a: unknown, b: unknown) => unknown, options, 'left');
  }

  /** Outer join on the key: a row wherever either table has one. */
  outerJoin<VO, VR>(other: KTable<K, VO>, joiner: (value: NoInfer<V> | null, other: NoInfer<VO> | null) => VR, options: TableOptions<K, VR> = {}): KTable<K, VR> {
    return this.doJoin(other, joiner as (a: unknown, b: unknown) => unknown, options, 'outer');
  }

  private doJoin<VO, VR>(other: KTable<K, VO>, joiner: (a: unknown, b: unknown) => unknown, options: TableOptions<K, VR>, kind: 'inner' | 'left' | 'outer'): KTable<K, VR> {
    // as in Kafka: the store name (if generated) takes its index before the processor names
    const m = options.materialized !== undefined ? new MaterializedInternal<K, VR>(options.materialized, this.builder, P.MERGE) : undefined;
    const named = new NamedInternal(options.name);
    const mergeName = named.orElseGenerateWithPrefix(this.builder, P.MERGE);
    const allSources = this.builder.copartition([this.parts.subTopologySourceNodes, other.parts.subTopologySourceNodes]);
    const leftOuter = kind !== 'inner';
    const rightOuter = kind === 'outer';
    if (leftOuter) this.enableSendingOldValues(true);
    if (rightOuter) other.enableSendingOldValues(true);
    const thisKind: TableJoinKind = kind;
    const otherKind: TableJoinKind = kind === 'inner' ? 'inner' : kind === 'left' ? 'right' : 'outer';
    const joinThis = new KTableKTableJoinSideSupplier(thisKind, this.joinTables(other as unknown as KTable<K, unknown>), joiner);
    const joinOther = new KTableKTableJoinSideSupplier(otherKind, other.joinTables(this as unknown as KTable<K, unknown>), (a, b) => joiner(b, a));
    const thisName = named.suffixWithOrElseGet('-join-this', this.builder, P.JOINTHIS);
    const otherName = named.suffixWithOrElseGet('-join-other', this.builder, P.JOINOTHER);
    let storeFactory: KeyValueStoreMaterializer | undefined;
    let keySerde = this.parts.keySerde;
    let valueSerde: Serde<VR> | undefined;
    if (m) {
      m.keySerde ??= this.parts.keySerde;
      keySerde = m.keySerde;
      valueSerde = m.valueSerde;
      storeFactory = new KeyValueStoreMaterializer(m as MaterializedInternal<unknown, unknown>);
    }
    const queryable = m?.storeName;
    const merger = new KTableKTableJoinMergerSupplier(joinThis, joinOther, queryable);
    const thisGetter = () => this.valueGetterSupplier().storeNames();
    const otherGetter = () => other.valueGetterSupplier().storeNames();
    // resolve the getters now: this materializes source tables that the join reads
    const thisStores = thisGetter();
    const otherStores = otherGetter();
    const node = new KTableKTableJoinNode(mergeName, {
      thisParameters: new ProcessorParameters(joinThis, thisName),
      otherParameters: new ProcessorParameters(joinOther, otherName),
      mergeParameters: new ProcessorParameters(merger, mergeName),
      thisJoinSideNodeName: this.parts.name,
      otherJoinSideNodeName: other.parts.name,
      thisStoreNames: () => thisStores,
      otherStoreNames: () => otherStores,
      storeFactory,
    });
    this.builder.addGraphNode(this.parts.graphNode, node);
    this.builder.addGraphNode(other.parts.graphNode, node);
    return new KTable<K, VR>(
      { name: mergeName, keySerde, valueSerde, subTopologySourceNodes: allSources, graphNode: node, builder: this.builder },
      merger,
      queryable,
    );
  }

  private joinTables(other: KTable<K, unknown>) {
    return {
      thisGetter: () => this.valueGetterSupplier(),
      otherGetter: () => other.valueGetterSupplier(),
      enableThisOldValues: () => void this.enableSendingOldValues(true),
      enableOtherOldValues: () => void other.enableSendingOldValues(true),
    };
  }

  /** @internal the parent view handed to table operators */
  asParent() {
    return {
      valueGetterSupplier: () => this.valueGetterSupplier(),
      enableSendingOldValues: (force: boolean) => this.enableSendingOldValues(force),
    };
  }

  /** @internal reads this table's rows (materializes a source table) */
  valueGetterSupplier(): KTableValueGetterSupplier<unknown, unknown> {
    return this.supplier.view();
  }

  /** @internal asks for old values downstream; false if impossible without materializing (and not forced) */
  enableSendingOldValues(forceMaterialization: boolean): boolean {
    if (this.sendOldValues) return true;
    const s = this.supplier;
    if (s instanceof KTableSourceSupplier) {
      if (!forceMaterialization && !s.materialized()) return false;
      s.enableSendingOldValues();
    } else if (!s.enableSendingOldValues(forceMaterialization)) {
      return false;
    }
    this.sendOldValues = true;
    return true;
  }
}

/** The close delay of the windowed aggregation upstream of a table (Kafka's `GraphGraceSearchUtil`). */
function windowCloseDelay(node: GraphNode): number {
  if (node.windowCloseDelayMs !== undefined) return node.windowCloseDelayMs;
  if (node.parents.length === 0 || node.nodeName === 'root') {
    throw new Error('suppress(untilWindowCloses) needs a windowed aggregation upstream: window close time is only defined for windowed computations');
  }
  let delay = Number.POSITIVE_INFINITY;
  for (const parent of node.parents) delay = Math.min(delay, windowCloseDelay(parent));
  return delay;
}
