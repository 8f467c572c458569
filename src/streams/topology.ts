import type { Deserializer, Serializer } from './serdes/serde.js';
import type { TimestampExtractor } from './processor/timestamp-extractor.js';
import type { TopicNameExtractor } from './processor/topic-name-extractor.js';
import type { StreamPartitioner } from './processor/stream-partitioner.js';
import type { ProcessorSupplier } from './processor/processor.js';
import type { StateStore } from './processor/state-store.js';
import type { StoreBuilder } from '../state/store-builder.js';
import type { TopologyDescription } from './topology-description.js';
import { InternalTopologyBuilder, type OffsetReset } from './internals/internal-topology-builder.js';

/** Options of `Topology.addSource`. Missing deserializers fall back to the configured default serdes. */
export interface SourceOptions<K, V> {
  keyDeserializer?: Deserializer<K>;
  valueDeserializer?: Deserializer<V>;
  /** overrides 'default.timestamp.extractor' for this source */
  timestampExtractor?: TimestampExtractor;
  /** where to start when the application has no committed offset for a partition */
  offsetReset?: OffsetReset;
}

/** Options of `Topology.addSink`. Missing serializers fall back to the configured default serdes. */
export interface SinkOptions<K, V> {
  keySerializer?: Serializer<K>;
  valueSerializer?: Serializer<V>;
  partitioner?: StreamPartitioner<K, V>;
}

/** Options of `Topology.addGlobalStore` and `addReadOnlyStateStore`. */
export interface StateUpdateOptions<K, V> {
  /** name of the source node reading `topic` */
  sourceName: string;
  topic: string;
  keyDeserializer?: Deserializer<K>;
  valueDeserializer?: Deserializer<V>;
  timestampExtractor?: TimestampExtractor;
  /** name of the processor that writes the records into the store */
  processorName: string;
  /** the processor; it receives every record of `topic` and must put it into the store */
  stateUpdateSupplier: ProcessorSupplier<K, V, never, never>;
  /** on restore, replay the topic through the processor instead of copying it into the store */
  reprocessOnRestore?: boolean;
}

function isSinkOptions(x: unknown): x is SinkOptions<unknown, unknown> {
  return typeof x === 'object' && x !== null;
}

/**
 * A processing graph built with the Processor API (Kafka Streams' `Topology`): sources read topics,
 * processors transform records, sinks write topics, stores hold state. Run it with `KafkaStreams`,
 * or drive it in tests with `TopologyTestDriver` from `kstreams/test-utils`.
 *
 * ```ts
 * const topology = new Topology()
 *   .addSource('in', 'words', { keyDeserializer: Serdes.String(), valueDeserializer: Serdes.String() })
 *   .addProcessor('upper', () => new UpperCase(), 'in')
 *   .addSink('out', 'upper-words', { keySerializer: Serdes.String(), valueSerializer: Serdes.String() }, 'upper');
 * ```
 */
export class Topology {
  /** @internal the graph; the DSL and the runtime use it, applications do not */
  readonly internalTopologyBuilder: InternalTopologyBuilder;

  constructor(builder: InternalTopologyBuilder = new InternalTopologyBuilder()) {
    this.internalTopologyBuilder = builder;
  }

  /** Adds a source reading one or more topics, or every topic whose full name matches `pattern`. */
  addSource<K = unknown, V = unknown>(name: string, topics: string | readonly string[] | RegExp, options: SourceOptions<K, V> = {}): this {
    const common = {
      name,
      keyDeserializer: options.keyDeserializer as Deserializer<unknown> | undefined,
      valueDeserializer: options.valueDeserializer as Deserializer<unknown> | undefined,
      timestampExtractor: options.timestampExtractor,
      offsetReset: options.offsetReset,
    };
    if (topics instanceof RegExp) this.internalTopologyBuilder.addSource({ ...common, pattern: topics });
    else this.internalTopologyBuilder.addSource({ ...common, topics: typeof topics === 'string' ? [topics] : topics });
    return this;
  }

  /** Adds a processor receiving records from the named parents (sources or processors). */
  addProcessor<KIn, VIn, KOut = never, VOut = never>(
    name: string,
    supplier: ProcessorSupplier<KIn, VIn, KOut, VOut>,
    ...parentNames: string[]
  ): this {
    this.internalTopologyBuilder.addProcessor(name, supplier, parentNames);
    return this;
  }

  /**
   * Adds a sink writing to a topic, or to the topic an extractor picks per record.
   * Options may be left out: `addSink(name, topic, ...parents)`.
   */
  addSink<K = unknown, V = unknown>(name: string, topic: string | TopicNameExtractor<K, V>, ...parentNames: string[]): this;
  addSink<K = unknown, V = unknown>(
    name: string,
    topic: string | TopicNameExtractor<K, V>,
    options: SinkOptions<K, V>,
    ...parentNames: string[]
  ): this;
  addSink<K, V>(name: string, topic: string | TopicNameExtractor<K, V>, ...rest: (SinkOptions<K, V> | string)[]): this {
    const first = rest[0];
    const options: SinkOptions<K, V> = isSinkOptions(first) ? first : {};
    const parents = (isSinkOptions(first) ? rest.slice(1) : rest) as string[];
    this.internalTopologyBuilder.addSink(
      {
        name,
        topic: topic as string | TopicNameExtractor<unknown, unknown>,
        keySerializer: options.keySerializer as Serializer<unknown> | undefined,
        valueSerializer: options.valueSerializer as Serializer<unknown> | undefined,
        partitioner: options.partitioner as StreamPartitioner<unknown, unknown> | undefined,
      },
      parents,
    );
    return this;
  }

  /** Adds a store, connected to the named processors (more can be connected later). */
  addStateStore(storeBuilder: StoreBuilder<StateStore>, ...processorNames: string[]): this {
    this.internalTopologyBuilder.addStateStore(storeBuilder, processorNames);
    return this;
  }

  /** Gives a processor access to stores already added. */
  connectProcessorAndStateStores(processorName: string, ...storeNames: string[]): this {
    this.internalTopologyBuilder.connectProcessorAndStateStores(processorName, storeNames);
    return this;
  }

  /**
   * Adds a global store: every instance holds all partitions of `topic` in it, any processor can
   * read it without being connected. Its builder must have logging disabled (the topic is its log).
   */
  addGlobalStore<K, V>(storeBuilder: StoreBuilder<StateStore>, options: StateUpdateOptions<K, V>): this {
    this.internalTopologyBuilder.addGlobalStore({
      storeBuilder,
      sourceName: options.sourceName,
      topic: options.topic,
      keyDeserializer: options.keyDeserializer as Deserializer<unknown> | undefined,
      valueDeserializer: options.valueDeserializer as Deserializer<unknown> | undefined,
      timestampExtractor: options.timestampExtractor,
      processorName: options.processorName,
      stateUpdateSupplier: options.stateUpdateSupplier as ProcessorSupplier<unknown, unknown, never, never>,
      reprocessOnRestore: options.reprocessOnRestore ?? false,
    });
    return this;
  }

  /**
   * Adds a store filled from a topic that is also its changelog (partitioned like the topic, unlike
   * a global store). Logging is turned off on the builder: the source topic restores it.
   */
  addReadOnlyStateStore<K, V>(storeBuilder: StoreBuilder<StateStore>, options: Omit<StateUpdateOptions<K, V>, 'reprocessOnRestore'>): this {
    storeBuilder.withLoggingDisabled();
    this.addSource(options.sourceName, options.topic, {
      ...(options.keyDeserializer ? { keyDeserializer: options.keyDeserializer } : {}),
      ...(options.valueDeserializer ? { valueDeserializer: options.valueDeserializer } : {}),
      ...(options.timestampExtractor ? { timestampExtractor: options.timestampExtractor } : {}),
    });
    this.addProcessor(options.processorName, options.stateUpdateSupplier, options.sourceName);
    this.addStateStore(storeBuilder, options.processorName);
    this.internalTopologyBuilder.connectSourceStoreAndTopic(storeBuilder.name, options.topic);
    return this;
  }

  /** The sub-topologies, nodes and stores; `toString()` prints what Kafka Streams prints. */
  describe(): TopologyDescription {
    return this.internalTopologyBuilder.describe();
  }
}
