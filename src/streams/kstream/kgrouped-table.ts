import type { Serde } from '../serdes/serde.js';
import type { Aggregator, Initializer, Reducer } from './functions.js';
import type { StreamParts } from './internals/abstract-stream.js';
import type { AggregateOptions } from './kgrouped-stream.js';
import { NamedInternal } from './internals/name-provider.js';
import { MaterializedInternal } from './internals/materialized-internal.js';
import { KeyValueStoreMaterializer } from './internals/store-materializer.js';
import { ProcessorParameters, type GraphNode } from './internals/graph/graph-node.js';
import { StatefulProcessorNode } from './internals/graph/processor-nodes.js';
import { GroupedTableOperationRepartitionNode } from './internals/graph/repartition-nodes.js';
import { REPARTITION_TOPIC_SUFFIX } from './internals/repartition.js';
import { KTableAggregateSupplier, KTableReduceSupplier } from './internals/processors/aggregates.js';
import type { KTableProcessorSupplier } from './internals/processors/table-support.js';
import { ChangeSerde } from './internals/change-serde.js';
import { Serdes } from '../serdes/serdes.js';
import { KTable } from './ktable.js';

const AGGREGATE = 'KTABLE-AGGREGATE-';
const REDUCE = 'KTABLE-REDUCE-';

/**
 * A table re-grouped by a new key (Kafka Streams' `KGroupedTable`): each update subtracts the row's
 * old value from its old group and adds the new value to its new group.
 */
export class KGroupedTable<K, V> {
  private repartitionNode: GraphNode | undefined;

  /** @internal */
  constructor(
    readonly parts: StreamParts<K, V>,
    private readonly userRepartitionName: string | undefined,
  ) {}

  /** Rows per group. */
  count(options: AggregateOptions<K, number> = {}): KTable<K, number> {
    const m = new MaterializedInternal<K, number>(options.materialized, this.parts.builder, AGGREGATE);
    m.keySerde ??= this.parts.keySerde;
    m.valueSerde ??= Serdes.Long();
    const supplier = new KTableAggregateSupplier(m.storeName!, () => 0, (_k, _v, agg) => (agg as number) + 1, (_k, _v, agg) => (agg as number) - 1);
    return this.doAggregate(supplier, options.name, AGGREGATE, m);
  }

  /** Combines values per group with `adder`, and takes old values out with `subtractor`. */
  reduce(adder: Reducer<V>, subtractor: Reducer<V>, options: AggregateOptions<K, V> = {}): KTable<K, V> {
    const m = new MaterializedInternal<K, V>(options.materialized, this.parts.builder, AGGREGATE);
    m.keySerde ??= this.parts.keySerde;
    m.valueSerde ??= this.parts.valueSerde;
    const supplier = new KTableReduceSupplier(m.storeName!, adder as Reducer<unknown>, subtractor as Reducer<unknown>);
    return this.doAggregate(supplier, options.name, REDUCE, m);
  }

  /** Folds values per group: `adder` for new values, `subtractor` for old ones. */
  aggregate<VA>(initializer: Initializer<VA>, adder: Aggregator<K, V, VA>, subtractor: Aggregator<K, V, VA>, options: AggregateOptions<K, VA> = {}): KTable<K, VA> {
    const m = new MaterializedInternal<K, VA>(options.materialized, this.parts.builder, AGGREGATE);
    m.keySerde ??= this.parts.keySerde;
    const supplier = new KTableAggregateSupplier(m.storeName!, initializer, adder as Aggregator<unknown, unknown, unknown>, subtractor as Aggregator<unknown, unknown, unknown>);
    return this.doAggregate(supplier, options.name, AGGREGATE, m);
  }

  private doAggregate<VA>(supplier: KTableProcessorSupplier, userName: string | undefined, prefix: string, m: MaterializedInternal<K, VA>): KTable<K, VA> {
    const builder = this.parts.builder;
    const named = new NamedInternal(userName);
    const sinkName = named.suffixWithOrElseGet('-sink', builder, 'KSTREAM-SINK-');
    const sourceName = named.suffixWithOrElseGet('-source', builder, 'KSTREAM-SOURCE-');
    const funcName = named.orElseGenerateWithPrefix(builder, prefix);
    const topic = (this.userRepartitionName ?? m.storeName!) + REPARTITION_TOPIC_SUFFIX;
    if (this.repartitionNode === undefined || this.userRepartitionName === undefined) {
      const valueSerde = this.parts.valueSerde as Serde<unknown> | undefined;
      // the inner serde may be the application default, known only when the topology is built
      const changeSerde = new ChangeSerde(() => valueSerde ?? builder.defaultValueSerde());
      this.repartitionNode = new GroupedTableOperationRepartitionNode({
        sourceName,
        sinkName,
        repartitionTopic: topic,
        keySerde: this.parts.keySerde as Serde<unknown> | undefined,
        valueSerde: changeSerde as Serde<unknown> | undefined,
        processorParameters: undefined,
      });
    }
    builder.addGraphNode(this.parts.graphNode, this.repartitionNode);
    const storeFactory = new KeyValueStoreMaterializer(m as MaterializedInternal<unknown, unknown>);
    const node = new StatefulProcessorNode(funcName, new ProcessorParameters(supplier, funcName), { storeFactory });
    builder.addGraphNode(this.repartitionNode, node);
    return new KTable<K, VA>(
      { name: funcName, keySerde: m.keySerde, valueSerde: m.valueSerde, subTopologySourceNodes: new Set([sourceName]), graphNode: node, builder },
      supplier,
      m.queryableStoreName,
    );
  }
}
