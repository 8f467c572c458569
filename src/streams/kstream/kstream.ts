import type { Serde } from '../serdes/serde.js';
import type { ProcessorSupplier, FixedKeyProcessorSupplier } from '../processor/processor.js';
import type { Processor } from '../processor/processor.js';
import type { FixedKeyProcessorContext } from '../processor/processor-context.js';
import type { FixedKeyRecord } from '../processor/processor.js';
import type { Record } from '../processor/record.js';
import type {
  ForeachAction,
  KeyValue,
  KeyValueMapper,
  Predicate,
  TopicNameExtractor,
  ValueJoiner,
  ValueMapper,
} from './functions.js';
import type { Produced } from './produced.js';
import type { Grouped } from './grouped.js';
import type { Joined } from './joined.js';
import type { Repartitioned } from './repartitioned.js';
import type { Materialized } from './materialized.js';
import type { Printed } from './printed.js';
import type { StreamJoined } from './stream-joined.js';
import { JoinWindows } from './join-windows.js';
import { JoinWindowStoreFactory, OuterJoinStoreFactory } from './internals/store-materializer.js';
import { StreamStreamJoinNode, WindowedStreamProcessorNode } from './internals/graph/stream-stream-join-node.js';
import { joinWindowSupplier, selfJoinSupplier } from './internals/processors/stream-stream-join.js';
import { JoinTimeTrackers, streamJoinSideSupplier } from './internals/processors/stream-stream-outer-join.js';
import type { StreamParts } from './internals/abstract-stream.js';
import type { InternalStreamsBuilder } from './internals/internal-streams-builder.js';
import { NamedInternal } from './internals/name-provider.js';
import { ProcessorParameters, type GraphNode } from './internals/graph/graph-node.js';
import { ProcessorGraphNode, StatefulProcessorNode, StreamTableJoinNode, StreamToTableNode } from './internals/graph/processor-nodes.js';
import { StreamSinkNode } from './internals/graph/source-sink-nodes.js';
import { OptimizableRepartitionNode, UnoptimizableRepartitionNode } from './internals/graph/repartition-nodes.js';
import { createRepartitionParts } from './internals/repartition.js';
import { MaterializedInternal } from './internals/materialized-internal.js';
import { KeyValueStoreMaterializer } from './internals/store-materializer.js';
import { KTableSourceSupplier } from './internals/processors/ktable-source.js';
import { streamTableJoinSupplier } from './internals/processors/joins.js';
import {
  filterSupplier,
  flatMapSupplier,
  flatMapValuesSupplier,
  foreachSupplier,
  mapSupplier,
  mapValuesSupplier,
  passThroughSupplier,
  peekSupplier,
} from './internals/processors/stream-processors.js';
import { BranchedKStream } from './branched-kstream.js';
import { KGroupedStream } from './kgrouped-stream.js';
import { KTable } from './ktable.js';
import { GlobalKTable } from './global-ktable.js';

/** A name for the processor an operation adds (`Named.as(...)` fits here). */
export interface NamedOptions {
  name?: string;
}

/** Options of `KStream.toTable`. */
export interface ToTableOptions<K, V> extends NamedOptions {
  materialized?: Materialized<K, V>;
}

/** Options of `KStream.process` / `processValues`. */
export interface ProcessOptions extends NamedOptions {
  /** names of stores (added with `builder.addStateStore`) the processor uses */
  stores?: readonly string[];
}

/** Options of a stream-globalTable join: how a stream record finds its table key. */
export interface GlobalJoinOptions<K, V, KG> extends NamedOptions {
  keySelector: KeyValueMapper<K, V, KG>;
}

const P = {
  FILTER: 'KSTREAM-FILTER-',
  PEEK: 'KSTREAM-PEEK-',
  FLATMAP: 'KSTREAM-FLATMAP-',
  FLATMAPVALUES: 'KSTREAM-FLATMAPVALUES-',
  MAP: 'KSTREAM-MAP-',
  MAPVALUES: 'KSTREAM-MAPVALUES-',
  PROCESSOR: 'KSTREAM-PROCESSOR-',
  PROCESSVALUES: 'KSTREAM-PROCESSVALUES-',
  PRINTING: 'KSTREAM-PRINTER-',
  KEY_SELECT: 'KSTREAM-KEY-SELECT-',
  FOREACH: 'KSTREAM-FOREACH-',
  TO_KTABLE: 'KSTREAM-TOTABLE-',
  REPARTITION: 'KSTREAM-REPARTITION-',
  MERGE: 'KSTREAM-MERGE-',
  SINK: 'KSTREAM-SINK-',
  JOIN: 'KSTREAM-JOIN-',
  WINDOWED: 'KSTREAM-WINDOWED-',
  JOINTHIS: 'KSTREAM-JOINTHIS-',
  JOINOTHER: 'KSTREAM-JOINOTHER-',
  OUTERTHIS: 'KSTREAM-OUTERTHIS-',
  OUTEROTHER: 'KSTREAM-OUTEROTHER-',
  OUTERSHARED: 'KSTREAM-OUTERSHARED-',
  LEFTJOIN: 'KSTREAM-LEFTJOIN-',
} as const;

/**
 * A record stream (Kafka Streams' `KStream`): every record is an independent event. Operations add
 * nodes to the builder's graph and return new streams; nothing runs until the topology does.
 */
export class KStream<K, V> {
  /** @internal */
  readonly parts: StreamParts<K, V>;
  /** @internal whether the key may have changed since the last (re)partitioning */
  readonly repartitionRequired: boolean;
  private repartitionNode: OptimizableRepartitionNode | undefined;

  /** @internal */
  constructor(parts: StreamParts<K, V>, repartitionRequired: boolean) {
    this.parts = parts;
    this.repartitionRequired = repartitionRequired;
  }

  private get builder(): InternalStreamsBuilder {
    return this.parts.builder;
  }

  private derive<K2, V2>(
    node: GraphNode,
    options: { keySerde: Serde<K2> | undefined; valueSerde: Serde<V2> | undefined; repartitionRequired: boolean; sources?: ReadonlySet<string> },
  ): KStream<K2, V2> {
    return new KStream<K2, V2>(
      {
        name: node.nodeName,
        keySerde: options.keySerde,
        valueSerde: options.valueSerde,
        subTopologySourceNodes: options.sources ?? this.parts.subTopologySourceNodes,
        graphNode: node,
        builder: this.builder,
      },
      options.repartitionRequired,
    );
  }

  private addProcessor(name: string, parameters: ProcessorParameters, flags: { keyChanging?: boolean; valueChanging?: boolean } = {}): ProcessorGraphNode {
    const node = new ProcessorGraphNode(name, parameters);
    node.keyChangingOperation = flags.keyChanging ?? false;
    node.valueChangingOperation = flags.valueChanging ?? false;
    this.builder.addGraphNode(this.parts.graphNode, node);
    return node;
  }

  /** Keeps the records for which `predicate` holds. */
  filter(predicate: Predicate<K, V>, options?: NamedOptions): KStream<K, V> {
    const name = new NamedInternal(options?.name).orElseGenerateWithPrefix(this.builder, P.FILTER);
    const node = this.addProcessor(name, new ProcessorParameters(filterSupplier(predicate as Predicate<unknown, unknown>, false), name));
    return this.derive(node, { keySerde: this.parts.keySerde, valueSerde: this.parts.valueSerde, repartitionRequired: this.repartitionRequired });
  }

  /** Drops the records for which `predicate` holds. */
  filterNot(predicate: Predicate<K, V>, options?: NamedOptions): KStream<K, V> {
    const name = new NamedInternal(options?.name).orElseGenerateWithPrefix(this.builder, P.FILTER);
    const node = this.addProcessor(name, new ProcessorParameters(filterSupplier(predicate as Predicate<unknown, unknown>, true), name));
    return this.derive(node, { keySerde: this.parts.keySerde, valueSerde: this.parts.valueSerde, repartitionRequired: this.repartitionRequired });
  }

  /** Sets a new key per record (a later grouping or join repartitions). */
  selectKey<KR>(mapper: KeyValueMapper<K, V, KR>, options?: NamedOptions): KStream<KR, V> {
    const node = this.selectKeyNode(mapper as KeyValueMapper<unknown, unknown, unknown>, new NamedInternal(options?.name));
    this.builder.addGraphNode(this.parts.graphNode, node);
    return this.derive(node, { keySerde: undefined, valueSerde: this.parts.valueSerde, repartitionRequired: true });
  }

  private selectKeyNode(mapper: KeyValueMapper<unknown, unknown, unknown>, named: NamedInternal): ProcessorGraphNode {
    const name = named.orElseGenerateWithPrefix(this.builder, P.KEY_SELECT);
    const node = new ProcessorGraphNode(name, new ProcessorParameters(mapSupplier((k, v) => ({ key: mapper(k, v), value: v })), name));
    node.keyChangingOperation = true;
    return node;
  }

  /** A new key and value per record. */
  map<KR, VR>(mapper: KeyValueMapper<K, V, KeyValue<KR, VR>>, options?: NamedOptions): KStream<KR, VR> {
    const name = new NamedInternal(options?.name).orElseGenerateWithPrefix(this.builder, P.MAP);
    const node = this.addProcessor(name, new ProcessorParameters(mapSupplier(mapper as KeyValueMapper<unknown, unknown, KeyValue<unknown, unknown>>), name), { keyChanging: true });
    return this.derive(node, { keySerde: undefined, valueSerde: undefined, repartitionRequired: true });
  }

  /** A new value per record; the key stays (no repartition needed). */
  mapValues<VR>(mapper: ValueMapper<K, V, VR>, options?: NamedOptions): KStream<K, VR> {
    const name = new NamedInternal(options?.name).orElseGenerateWithPrefix(this.builder, P.MAPVALUES);
    const node = this.addProcessor(name, new ProcessorParameters(mapValuesSupplier(mapper as ValueMapper<unknown, unknown, unknown>), name), { valueChanging: true });
    return this.derive(node, { keySerde: this.parts.keySerde, valueSerde: undefined, repartitionRequired: this.repartitionRequired });
  }

  /** Zero or more records per record. */
  flatMap<KR, VR>(mapper: KeyValueMapper<K, V, Iterable<KeyValue<KR, VR>>>, options?: NamedOptions): KStream<KR, VR> {
    const name = new NamedInternal(options?.name).orElseGenerateWithPrefix(this.builder, P.FLATMAP);
    const node = this.addProcessor(name, new ProcessorParameters(flatMapSupplier(mapper as KeyValueMapper<unknown, unknown, Iterable<KeyValue<unknown, unknown>>>), name), { keyChanging: true });
    return this.derive(node, { keySerde: undefined, valueSerde: undefined, repartitionRequired: true });
  }

  /** Zero or more values per record, same key. */
  flatMapValues<VR>(mapper: ValueMapper<K, V, Iterable<VR>>, options?: NamedOptions): KStream<K, VR> {
    const name = new NamedInternal(options?.name).orElseGenerateWithPrefix(this.builder, P.FLATMAPVALUES);
    const node = this.addProcessor(name, new ProcessorParameters(flatMapValuesSupplier(mapper as ValueMapper<unknown, unknown, Iterable<unknown>>), name), { valueChanging: true });
    return this.derive(node, { keySerde: this.parts.keySerde, valueSerde: undefined, repartitionRequired: this.repartitionRequired });
  }

  /** Runs an action per record and passes the record on. */
  peek(action: ForeachAction<K, V>, options?: NamedOptions): KStream<K, V> {
    const name = new NamedInternal(options?.name).orElseGenerateWithPrefix(this.builder, P.PEEK);
    const node = this.addProcessor(name, new ProcessorParameters(peekSupplier(action as ForeachAction<unknown, unknown>), name));
    return this.derive(node, { keySerde: this.parts.keySerde, valueSerde: this.parts.valueSerde, repartitionRequired: this.repartitionRequired });
  }

  /** Runs an action per record (terminal). */
  foreach(action: ForeachAction<K, V>, options?: NamedOptions): void {
    const name = new NamedInternal(options?.name).orElseGenerateWithPrefix(this.builder, P.FOREACH);
    this.addProcessor(name, new ProcessorParameters(foreachSupplier(action as ForeachAction<unknown, unknown>), name));
  }

  /** Prints `[label]: key, value` per record (terminal); the label defaults to this stream's name. */
  print(printed: Printed<K, V> = {}): void {
    const name = new NamedInternal(printed.name).orElseGenerateWithPrefix(this.builder, P.PRINTING);
    const label = printed.label ?? this.parts.name;
    const sink = printed.sink ?? ((line: string) => console.log(line));
    const mapper = printed.mapper ?? ((k: K, v: V) => `${String(k)}, ${String(v)}`);
    this.addProcessor(name, new ProcessorParameters(foreachSupplier((k, v) => sink(`[${label}]: ${mapper(k as K, v as V)}`)), name));
  }

  /** Routes each record to the first branch whose predicate holds (see `BranchedKStream`). */
  split(options?: NamedOptions): BranchedKStream<K, V> {
    return new BranchedKStream<K, V>(this, new NamedInternal(options?.name));
  }

  /** One stream of the records of both. */
  merge(other: KStream<K, V>, options?: NamedOptions): KStream<K, V> {
    const name = new NamedInternal(options?.name).orElseGenerateWithPrefix(this.builder, P.MERGE);
    const node = new ProcessorGraphNode(name, new ProcessorParameters(passThroughSupplier(), name));
    node.mergeNode = true;
    this.builder.addGraphNode([this.parts.graphNode, other.parts.graphNode], node);
    const sources = new Set([...this.parts.subTopologySourceNodes, ...other.parts.subTopologySourceNodes]);
    return this.derive(node, { keySerde: undefined, valueSerde: undefined, repartitionRequired: this.repartitionRequired || other.repartitionRequired, sources });
  }

  /** Writes and reads the records back through a repartition topic (partitioned by the current key). */
  repartition(options: Repartitioned<K, V> = {}): KStream<K, V> {
    const name = options.name ?? this.builder.newProcessorName(P.REPARTITION);
    const valueSerde = options.valueSerde ?? this.parts.valueSerde;
    const keySerde = options.keySerde ?? this.parts.keySerde;
    const parts = createRepartitionParts(this.builder, {
      prefix: name,
      keySerde: options.keySerde as Serde<unknown> | undefined,
      valueSerde: valueSerde as Serde<unknown> | undefined,
      partitioner: options.partitioner as never,
      numberOfPartitions: options.numberOfPartitions,
    });
    const node = new UnoptimizableRepartitionNode(parts);
    this.builder.addGraphNode(this.parts.graphNode, node);
    return this.derive(node, { keySerde, valueSerde, repartitionRequired: false, sources: new Set([node.nodeName]) });
  }

  /** Writes the records to a topic, or to the topic `extractor` picks per record (terminal). */
  to(topic: string | TopicNameExtractor<K, V>, produced: Produced<K, V> = {}): void {
    const name = new NamedInternal(produced.name).orElseGenerateWithPrefix(this.builder, P.SINK);
    const node = new StreamSinkNode(name, topic as string | TopicNameExtractor<unknown, unknown>, {
      keySerde: (produced.keySerde ?? this.parts.keySerde) as Serde<unknown> | undefined,
      valueSerde: (produced.valueSerde ?? this.parts.valueSerde) as Serde<unknown> | undefined,
      partitioner: produced.partitioner as never,
    });
    this.builder.addGraphNode(this.parts.graphNode, node);
  }

  /** Reads the stream as a changelog: each record upserts its key, a null value deletes it. */
  toTable(options: ToTableOptions<K, V> = {}): KTable<K, V> {
    const name = new NamedInternal(options.name).orElseGenerateWithPrefix(this.builder, P.TO_KTABLE);
    const materialized = new MaterializedInternal<K, V>(options.materialized, this.builder, P.TO_KTABLE);
    const keySerde = materialized.keySerde ?? this.parts.keySerde;
    const valueSerde = materialized.valueSerde ?? this.parts.valueSerde;
    materialized.keySerde = keySerde;
    materialized.valueSerde = valueSerde;
    let parent: GraphNode = this.parts.graphNode;
    let sources = this.parts.subTopologySourceNodes;
    if (this.repartitionRequired) {
      const node = new OptimizableRepartitionNode(
        createRepartitionParts(this.builder, { prefix: name, keySerde: keySerde as Serde<unknown> | undefined, valueSerde: valueSerde as Serde<unknown> | undefined }),
      );
      this.builder.addGraphNode(parent, node);
      parent = node;
      sources = new Set([node.nodeName]);
    }
    const source = new KTableSourceSupplier(materialized.storeName, materialized.queryableStoreName);
    const tableNode = new StreamToTableNode(name, new ProcessorParameters(source, name), new KeyValueStoreMaterializer(materialized as MaterializedInternal<unknown, unknown>));
    this.builder.addGraphNode(parent, tableNode);
    return new KTable<K, V>({ name, keySerde, valueSerde, subTopologySourceNodes: sources, graphNode: tableNode, builder: this.builder }, source, materialized.queryableStoreName);
  }

  /** Groups by the current key (repartitions first if the key may have changed). */
  groupByKey(grouped: Grouped<K, V> = {}): KGroupedStream<K, V> {
    return new KGroupedStream<K, V>(
      { ...this.parts, keySerde: grouped.keySerde ?? this.parts.keySerde, valueSerde: grouped.valueSerde ?? this.parts.valueSerde },
      { repartitionRequired: this.repartitionRequired, userRepartitionName: grouped.name },
    );
  }

  /** Groups by a new key (always repartitions). */
  groupBy<KR>(keySelector: KeyValueMapper<K, V, KR>, grouped: Grouped<KR, V> = {}): KGroupedStream<KR, V> {
    const node = this.selectKeyNode(keySelector as KeyValueMapper<unknown, unknown, unknown>, new NamedInternal(grouped.name));
    this.builder.addGraphNode(this.parts.graphNode, node);
    return new KGroupedStream<KR, V>(
      {
        name: node.nodeName,
        keySerde: grouped.keySerde,
        valueSerde: grouped.valueSerde ?? this.parts.valueSerde,
        subTopologySourceNodes: this.parts.subTopologySourceNodes,
        graphNode: node,
        builder: this.builder,
      },
      { repartitionRequired: true, userRepartitionName: grouped.name },
    );
  }

  /**
   * Joins each record with the table's current value for its key (inner: records without a match
   * are dropped), or with a global table's value for the key `keySelector` picks.
   */
  join<VO, VR>(other: KStream<K, VO>, joiner: ValueJoiner<V, VO, VR, K>, options: StreamJoined<K, V, VO>): KStream<K, VR>;
  join<VO, VR>(table: KTable<K, VO>, joiner: ValueJoiner<V, VO, VR, K>, joined?: Joined<K, V, VO>): KStream<K, VR>;
  join<KG, VG, VR>(table: GlobalKTable<KG, VG>, joiner: ValueJoiner<V, VG, VR, K>, options: GlobalJoinOptions<K, V, KG>): KStream<K, VR>;
  join(
    table: KStream<K, unknown> | KTable<K, unknown> | GlobalKTable<unknown, unknown>,
    joiner: ValueJoiner<V, unknown, unknown, K>,
    options?: StreamJoined<K, V, unknown> | Joined<K, V, unknown> | GlobalJoinOptions<K, V, unknown>,
  ): KStream<K, unknown> {
    if (table instanceof KStream) return this.streamJoin(table, joiner, options as StreamJoined<K, V, unknown>);
    if (table instanceof GlobalKTable) return this.globalTableJoin(table, joiner, options as GlobalJoinOptions<K, V, unknown>, false);
    return this.tableJoin(table, joiner, (options ?? {}) as Joined<K, V, unknown>, false);
  }

  /**
   * Like `join`, but records without a match are joined with null. For a stream, a left record
   * without partner in the window gives `joiner(left, null)` once its window has closed (stream
   * time past the window end + grace), never early.
   */
  leftJoin<VO, VR>(other: KStream<K, VO>, joiner: ValueJoiner<V, NoInfer<VO> | null, VR, K>, options: StreamJoined<K, V, VO>): KStream<K, VR>;
  leftJoin<VO, VR>(table: KTable<K, VO>, joiner: ValueJoiner<V, NoInfer<VO> | null, VR, K>, joined?: Joined<K, V, VO>): KStream<K, VR>;
  leftJoin<KG, VG, VR>(table: GlobalKTable<KG, VG>, joiner: ValueJoiner<V, NoInfer<VG> | null, VR, K>, options: GlobalJoinOptions<K, V, KG>): KStream<K, VR>;
  leftJoin(
    table: KStream<K, unknown> | KTable<K, unknown> | GlobalKTable<unknown, unknown>,
    joiner: ValueJoiner<V, unknown, unknown, K>,
    options?: StreamJoined<K, V, unknown> | Joined<K, V, unknown> | GlobalJoinOptions<K, V, unknown>,
  ): KStream<K, unknown> {
    if (table instanceof KStream) return this.streamJoin(table, joiner, options as StreamJoined<K, V, unknown>, true, false);
    if (table instanceof GlobalKTable) return this.globalTableJoin(table, joiner, options as GlobalJoinOptions<K, V, unknown>, true);
    return this.tableJoin(table, joiner, (options ?? {}) as Joined<K, V, unknown>, true);
  }

  /**
   * Joins two streams within the window; records of either side without partner give
   * `joiner(left, null)` or `joiner(null, right)` once their window has closed.
   */
  outerJoin<VO, VR>(other: KStream<K, VO>, joiner: ValueJoiner<NoInfer<V> | null, NoInfer<VO> | null, VR, K>, options: StreamJoined<K, V, VO>): KStream<K, VR> {
    return this.streamJoin(other as unknown as KStream<K, unknown>, joiner as ValueJoiner<V, unknown, unknown, K>, options as StreamJoined<K, V, unknown>, true, true) as KStream<K, VR>;
  }

  private streamJoin(other: KStream<K, unknown>, joiner: ValueJoiner<V, unknown, unknown, K>, options: StreamJoined<K, V, unknown>, leftOuter = false, rightOuter = false): KStream<K, unknown> {
    const renamed = new NamedInternal(options.name);
    const thisStream: KStream<K, V> = this.repartitionRequired
      ? this.repartitionForJoin(renamed.suffixWithOrElse('-left', this.parts.name), options.keySerde, options.valueSerde)
      : this;
    const otherStream: KStream<K, unknown> = other.repartitionRequired
      ? other.repartitionForJoin(renamed.suffixWithOrElse('-right', other.parts.name), options.keySerde, options.otherValueSerde)
      : other;
    const allSources = this.builder.copartition([thisStream.parts.subTopologySourceNodes, otherStream.parts.subTopologySourceNodes]);
    const b = this.builder;
    const thisWindowedName = renamed.suffixWithOrElseGet('-this-windowed', b, P.WINDOWED);
    const otherWindowedName = renamed.suffixWithOrElseGet('-other-windowed', b, P.WINDOWED);
    // Kafka's naming: the other side is "outer" in a left join, both are in an outer join
    const thisSuffix = rightOuter ? '-outer-this-join' : '-this-join';
    const otherSuffix = leftOuter ? '-outer-other-join' : '-other-join';
    const thisGenerated = b.newProcessorName(rightOuter ? P.OUTERTHIS : P.JOINTHIS);
    const otherGenerated = b.newProcessorName(leftOuter ? P.OUTEROTHER : P.JOINOTHER);
    const thisJoinName = renamed.suffixWithOrElse(thisSuffix, thisGenerated);
    const otherJoinName = renamed.suffixWithOrElse(otherSuffix, otherGenerated);
    const mergeName = renamed.suffixWithOrElseGet('-merge', b, P.MERGE);
    const windows = options.windows;
    const retentionMs = JoinWindows.size(windows) + windows.graceMs;
    const windowSizeMs = JoinWindows.size(windows);
    const thisStore = new JoinWindowStoreFactory(`${options.storeName !== undefined ? options.storeName + thisSuffix : thisGenerated}-store`, {
      retentionMs,
      windowSizeMs,
      keySerde: (options.keySerde ?? thisStream.parts.keySerde) as Serde<unknown> | undefined,
      valueSerde: (options.valueSerde ?? thisStream.parts.valueSerde) as Serde<unknown> | undefined,
    });
    const otherStore = new JoinWindowStoreFactory(`${options.storeName !== undefined ? options.storeName + otherSuffix : otherGenerated}-store`, {
      retentionMs,
      windowSizeMs,
      keySerde: (options.keySerde ?? thisStream.parts.keySerde) as Serde<unknown> | undefined,
      valueSerde: (options.otherValueSerde ?? otherStream.parts.valueSerde) as Serde<unknown> | undefined,
    });
    const thisWindowed = new ProcessorParameters(joinWindowSupplier(thisStore.name), thisWindowedName);
    const otherWindowed = new ProcessorParameters(joinWindowSupplier(otherStore.name), otherWindowedName);
    const thisWindowedNode = new WindowedStreamProcessorNode(thisStore.name, thisWindowed);
    b.addGraphNode(thisStream.parts.graphNode, thisWindowedNode);
    const otherWindowedNode = new WindowedStreamProcessorNode(otherStore.name, otherWindowed);
    b.addGraphNode(otherStream.parts.graphNode, otherWindowedNode);
    const join = (l: unknown, r: unknown, k: unknown) => joiner(l as V, r, k as K);
    let outerStore: OuterJoinStoreFactory | undefined;
    if (leftOuter) {
      const suffix = rightOuter ? '-outer-shared-join' : '-left-shared-join';
      const base =
        options.storeName !== undefined
          ? options.storeName + suffix
          : P.OUTERSHARED + thisGenerated.slice((rightOuter ? P.OUTERTHIS : P.JOINTHIS).length);
      outerStore = new OuterJoinStoreFactory(`${base}-store`);
    }
    const trackers = new JoinTimeTrackers();
    const side = (s: 'left' | 'right') =>
      streamJoinSideSupplier({
        side: s,
        otherStoreName: s === 'left' ? otherStore.name : thisStore.name,
        windows,
        joiner: join,
        outer: s === 'left' ? leftOuter : rightOuter,
        outerStoreName: outerStore?.name,
        keySerde: (options.keySerde ?? thisStream.parts.keySerde) as Serde<unknown> | undefined,
        leftValueSerde: (options.valueSerde ?? thisStream.parts.valueSerde) as Serde<unknown> | undefined,
        rightValueSerde: (options.otherValueSerde ?? otherStream.parts.valueSerde) as Serde<unknown> | undefined,
        trackers,
      });
    const node = new StreamStreamJoinNode(mergeName, {
      thisWindowed,
      otherWindowed,
      thisJoin: new ProcessorParameters(side('left'), thisJoinName),
      otherJoin: new ProcessorParameters(side('right'), otherJoinName),
      merge: new ProcessorParameters(passThroughSupplier(), mergeName),
      selfJoin: new ProcessorParameters(selfJoinSupplier(thisStore.name, windows.beforeMs, windows.afterMs, retentionMs, join), mergeName),
      thisStore,
      otherStore,
      ...(outerStore !== undefined ? { outerStore } : {}),
    });
    if (leftOuter || rightOuter) node.labels.add('NULL_KEY_RELAXED_JOIN');
    b.addGraphNode([thisStream.parts.graphNode, otherStream.parts.graphNode], node);
    return this.derive(node, { keySerde: options.keySerde, valueSerde: undefined, repartitionRequired: false, sources: allSources });
  }

  private tableJoin(table: KTable<K, unknown>, joiner: ValueJoiner<V, unknown, unknown, K>, joined: Joined<K, V, unknown>, leftJoin: boolean): KStream<K, unknown> {
    const left = this.repartitionRequired ? this.repartitionForJoin(joined.name ?? this.parts.name, joined.keySerde, joined.valueSerde) : undefined;
    return (left ?? this).doStreamTableJoin(table, joiner, joined, leftJoin);
  }

  private doStreamTableJoin(table: KTable<K, unknown>, joiner: ValueJoiner<V, unknown, unknown, K>, joined: Joined<K, V, unknown>, leftJoin: boolean): KStream<K, unknown> {
    const allSources = this.builder.copartition([this.parts.subTopologySourceNodes, table.parts.subTopologySourceNodes]);
    const name = new NamedInternal(joined.name).orElseGenerateWithPrefix(this.builder, leftJoin ? P.LEFTJOIN : P.JOIN);
    const getter = table.valueGetterSupplier();
    const supplier = streamTableJoinSupplier(getter, (k) => k, (l, r, k) => joiner(l as V, r, k as K), leftJoin);
    const node = new StreamTableJoinNode(name, new ProcessorParameters(supplier, name), () => getter.storeNames());
    this.builder.addGraphNode(this.parts.graphNode, node);
    if (leftJoin) node.labels.add('NULL_KEY_RELAXED_JOIN');
    return this.derive(node, { keySerde: joined.keySerde ?? this.parts.keySerde, valueSerde: undefined, repartitionRequired: false, sources: allSources });
  }

  private globalTableJoin(table: GlobalKTable<unknown, unknown>, joiner: ValueJoiner<V, unknown, unknown, K>, options: GlobalJoinOptions<K, V, unknown> | undefined, leftJoin: boolean): KStream<K, unknown> {
    const keySelector = options?.keySelector ?? ((k: K) => k);
    const name = new NamedInternal(options?.name).orElseGenerateWithPrefix(this.builder, P.LEFTJOIN);
    const supplier = streamTableJoinSupplier(table.valueGetterSupplier(), keySelector as KeyValueMapper<unknown, unknown, unknown>, (l, r, k) => joiner(l as V, r, k as K), leftJoin);
    const node = new StreamTableJoinNode(name, new ProcessorParameters(supplier, name), () => []);
    if (leftJoin) node.labels.add('NULL_KEY_RELAXED_JOIN');
    this.builder.addGraphNode(this.parts.graphNode, node);
    return this.derive(node, { keySerde: this.parts.keySerde, valueSerde: undefined, repartitionRequired: this.repartitionRequired });
  }

  /** @internal repartitions before a join; reused when joined twice under the same name */
  repartitionForJoin(repartitionName: string, keySerdeOverride: Serde<K> | undefined, valueSerdeOverride: Serde<V> | undefined): KStream<K, V> {
    const keySerde = keySerdeOverride ?? this.parts.keySerde;
    const valueSerde = valueSerdeOverride ?? this.parts.valueSerde;
    const parts = createRepartitionParts(this.builder, { prefix: repartitionName, keySerde: keySerde as Serde<unknown> | undefined, valueSerde: valueSerde as Serde<unknown> | undefined });
    if (this.repartitionNode === undefined || this.parts.name !== repartitionName) {
      this.repartitionNode = new OptimizableRepartitionNode(parts);
      this.builder.addGraphNode(this.parts.graphNode, this.repartitionNode);
    }
    return this.derive(this.repartitionNode, { keySerde, valueSerde, repartitionRequired: false, sources: new Set([parts.sourceName]) });
  }

  /** Runs a Processor API processor on each record; it may forward any key and value. */
  process<KOut, VOut>(supplier: ProcessorSupplier<K, V, KOut, VOut>, options: ProcessOptions = {}): KStream<KOut, VOut> {
    const name = options.name ?? this.builder.newProcessorName(P.PROCESSOR);
    const stores = options.stores ?? [];
    const node = new StatefulProcessorNode(name, new ProcessorParameters({ get: supplier as ProcessorSupplier<unknown, unknown, unknown, unknown> }, name), { storeNames: () => stores });
    this.builder.addGraphNode(this.parts.graphNode, node);
    return this.derive(node, { keySerde: undefined, valueSerde: undefined, repartitionRequired: true });
  }

  /** Runs a fixed-key processor on each record: values may change, keys cannot (no repartition). */
  processValues<VOut>(supplier: FixedKeyProcessorSupplier<K, V, VOut>, options: ProcessOptions = {}): KStream<K, VOut> {
    const name = new NamedInternal(options.name).orElseGenerateWithPrefix(this.builder, P.PROCESSVALUES);
    const stores = options.stores ?? [];
    const adapted = (): Processor<unknown, unknown, unknown, unknown> => {
      const inner = supplier();
      return {
        init: inner.init ? (ctx) => inner.init!(ctx as unknown as FixedKeyProcessorContext<K, VOut>) : undefined,
        process: (record: Record<unknown, unknown>) => inner.process(record as unknown as FixedKeyRecord<K, V>),
        close: inner.close ? () => inner.close!() : undefined,
      };
    };
    const node = new StatefulProcessorNode(name, new ProcessorParameters({ get: adapted }, name), { storeNames: () => stores });
    node.valueChangingOperation = true;
    this.builder.addGraphNode(this.parts.graphNode, node);
    return this.derive(node, { keySerde: this.parts.keySerde, valueSerde: undefined, repartitionRequired: this.repartitionRequired });
  }
}
