import type { Serde } from '../serdes/serde.js';
import type { StateStore } from '../processor/state-store.js';
import type { StoreBuilder } from '../../state/store-builder.js';
import type { Consumed } from './consumed.js';
import type { Materialized } from './materialized.js';
import type { TopologyPort } from './internals/topology-port.js';
import { InternalStreamsBuilder, parseOptimization } from './internals/internal-streams-builder.js';
import { NamedInternal } from './internals/name-provider.js';
import { MaterializedInternal } from './internals/materialized-internal.js';
import { KeyValueStoreMaterializer } from './internals/store-materializer.js';
import { ProcessorParameters } from './internals/graph/graph-node.js';
import { StateStoreNode, StreamSourceNode, TableSourceNode } from './internals/graph/source-sink-nodes.js';
import { KTableSourceSupplier } from './internals/processors/ktable-source.js';
import { Topology } from '../topology.js';
import { topologyPort } from './internals/topology-adapter.js';
import { defaultDslStoreSuppliers, type DslStoreSuppliers } from './internals/dsl-stores.js';
import { KStream } from './kstream.js';
import { KTable } from './ktable.js';
import { GlobalKTable } from './global-ktable.js';

const KSTREAM_SOURCE = 'KSTREAM-SOURCE-';
const KTABLE_SOURCE = 'KTABLE-SOURCE-';

/** Settings that shape the topology a builder builds (a subset of the application config). */
export interface BuildOptions {
  /** `none` (default), `all`, or a comma list of `reuse.ktable.source.topics`, `merge.repartition.topics`, `single.store.self.join` */
  'topology.optimization'?: string;
  /** where an operation gives no serde, the DSL needs the application's defaults for a few internal serdes */
  'default.key.serde'?: Serde<unknown>;
  'default.value.serde'?: Serde<unknown>;
  /** makes the stores of DSL operators (Kafka's `dsl.store.suppliers.class`); default: LMDB or in-memory stores of the state layer */
  dslStoreSuppliers?: DslStoreSuppliers;
  /** @deprecated use 'default.value.serde' */
  defaultValueSerde?: Serde<unknown>;
  [other: string]: unknown;
}

/**
 * The DSL entry point (Kafka Streams' `StreamsBuilder`): declare sources, chain operations, then
 * `build()` the `Topology`. Node and store names follow Kafka Streams' numbering exactly, so
 * `describe()` output, changelog and repartition topics match a JVM application written the same way.
 */
export class StreamsBuilder {
  /** @internal */
  readonly internal = new InternalStreamsBuilder();

  /** A stream of the records of one or more topics, or of every topic matching a pattern. */
  stream<K, V>(topics: string | readonly string[] | RegExp, consumed: Consumed<K, V> = {}): KStream<K, V> {
    const name = new NamedInternal(consumed.name).orElseGenerateWithPrefix(this.internal, KSTREAM_SOURCE);
    const list = typeof topics === 'string' ? [topics] : topics instanceof RegExp ? undefined : [...topics];
    const pattern = topics instanceof RegExp ? topics : undefined;
    if (list !== undefined && list.length === 0) throw new RangeError('stream() needs at least one topic');
    const node = new StreamSourceNode(name, list, pattern, consumed as Consumed<unknown, unknown>);
    this.internal.addGraphNode(this.internal.root, node);
    return new KStream<K, V>(
      { name, keySerde: consumed.keySerde, valueSerde: consumed.valueSerde, subTopologySourceNodes: new Set([name]), graphNode: node, builder: this.internal },
      false,
    );
  }

  /** A table read from a topic: each record upserts its key, a null value deletes it. */
  table<K, V>(topic: string, options: { consumed?: Consumed<K, V>; materialized?: Materialized<K, V> } = {}): KTable<K, V> {
    const consumed: Consumed<K, V> = { ...options.consumed };
    const materialized = { ...options.materialized };
    materialized.keySerde ??= consumed.keySerde;
    materialized.valueSerde ??= consumed.valueSerde;
    consumed.keySerde ??= materialized.keySerde;
    consumed.valueSerde ??= materialized.valueSerde;
    const m = new MaterializedInternal<K, V>(materialized, this.internal, `${topic}-`);
    const named = new NamedInternal(consumed.name);
    const sourceName = named.suffixWithOrElseGet('-source', this.internal, KSTREAM_SOURCE);
    const tableSourceName = named.orElseGenerateWithPrefix(this.internal, KTABLE_SOURCE);
    const source = new KTableSourceSupplier(m.storeName, m.queryableStoreName);
    const node = new TableSourceNode(tableSourceName, {
      sourceName,
      topic,
      consumed: consumed as Consumed<unknown, unknown>,
      storeFactory: new KeyValueStoreMaterializer(m as MaterializedInternal<unknown, unknown>),
      processorParameters: new ProcessorParameters(source, tableSourceName),
      isGlobal: false,
    });
    this.internal.addGraphNode(this.internal.root, node);
    return new KTable<K, V>(
      { name: tableSourceName, keySerde: consumed.keySerde, valueSerde: consumed.valueSerde, subTopologySourceNodes: new Set([sourceName]), graphNode: node, builder: this.internal },
      source,
      m.queryableStoreName,
    );
  }

  /** A table replicated in full on every instance, read from a topic. */
  globalTable<K, V>(topic: string, options: { consumed?: Consumed<K, V>; materialized?: Materialized<K, V> } = {}): GlobalKTable<K, V> {
    const consumed: Consumed<K, V> = { ...options.consumed };
    const materialized = { ...options.materialized, loggingEnabled: false };
    materialized.keySerde ??= consumed.keySerde;
    materialized.valueSerde ??= consumed.valueSerde;
    consumed.keySerde ??= materialized.keySerde;
    consumed.valueSerde ??= materialized.valueSerde;
    const m = new MaterializedInternal<K, V>(materialized, this.internal, `${topic}-`);
    const named = new NamedInternal(consumed.name);
    const sourceName = named.suffixWithOrElseGet('-source', this.internal, KSTREAM_SOURCE);
    const processorName = named.orElseGenerateWithPrefix(this.internal, KTABLE_SOURCE);
    const source = new KTableSourceSupplier(m.storeName, m.storeName);
    const node = new TableSourceNode(processorName, {
      sourceName,
      topic,
      consumed: consumed as Consumed<unknown, unknown>,
      storeFactory: new KeyValueStoreMaterializer(m as MaterializedInternal<unknown, unknown>),
      processorParameters: new ProcessorParameters(source, processorName),
      isGlobal: true,
    });
    this.internal.addGraphNode(this.internal.root, node);
    return new GlobalKTable<K, V>(source.view(), m.queryableStoreName);
  }

  /** Adds a store that `process`/`processValues` can use by name. */
  addStateStore(builder: StoreBuilder<StateStore>): this {
    this.internal.addGraphNode(this.internal.root, new StateStoreNode(builder));
    return this;
  }

  /**
   * Builds the topology. Pass the application config (or the part of it shown in `BuildOptions`):
   * `topology.optimization` rewrites the graph, default serdes fill the internal serdes the DSL needs.
   * A builder builds once.
   */
  build(config: BuildOptions = {}): Topology {
    const topology = new Topology();
    this.writeTo(topologyPort(topology.internalTopologyBuilder, config.dslStoreSuppliers ?? defaultDslStoreSuppliers), config);
    return topology;
  }

  /** @internal writes the (optimized) graph into any Processor API builder */
  writeTo(topology: TopologyPort, options: BuildOptions = {}): void {
    this.internal.setDefaultValueSerde(options['default.value.serde'] ?? options.defaultValueSerde);
    this.internal.buildAndOptimize(topology, parseOptimization(options['topology.optimization']));
  }
}
