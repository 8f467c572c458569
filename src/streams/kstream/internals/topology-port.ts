import type { ProcessorSupplier } from '../../processor/processor.js';
import type { StateStore } from '../../processor/state-store.js';
import type { Serializer, Deserializer } from '../../serdes/serde.js';
import type { StoreBuilder } from '../../../state/store-builder.js';
import type { TimestampExtractor, OffsetReset } from '../consumed.js';
import type { DslStoreSuppliers } from './dsl-stores.js';
import type { StreamPartitioner, TopicNameExtractor } from '../functions.js';

/**
 * What DSL graph nodes need from the Processor API topology builder when they write themselves into
 * it (the calls Kafka Streams' graph nodes make on `InternalTopologyBuilder`). One adapter binds it
 * to the engine's builder; the DSL knows nothing else of the engine.
 */
export interface TopologyPort {
  /** makes the stores of DSL operators */
  readonly storeSuppliers: DslStoreSuppliers;
  addSource(options: {
    name: string;
    topics?: readonly string[];
    pattern?: RegExp;
    keyDeserializer?: Deserializer<unknown>;
    valueDeserializer?: Deserializer<unknown>;
    timestampExtractor?: TimestampExtractor;
    offsetReset?: OffsetReset;
  }): void;
  addProcessor(name: string, supplier: ProcessorSupplier<unknown, unknown, unknown, unknown>, parentNames: readonly string[]): void;
  addSink(options: {
    name: string;
    topic: string | TopicNameExtractor<unknown, unknown>;
    keySerializer?: Serializer<unknown>;
    valueSerializer?: Serializer<unknown>;
    partitioner?: StreamPartitioner<unknown, unknown>;
    parentNames: readonly string[];
  }): void;
  /** adds a store, connected to the given processors (none: connected later by name) */
  addStateStore(builder: StoreBuilder<StateStore>, processorNames: readonly string[]): void;
  connectProcessorAndStateStores(processorName: string, storeNames: readonly string[]): void;
  addGlobalStore(options: {
    storeBuilder: StoreBuilder<StateStore>;
    sourceName: string;
    topic: string;
    keyDeserializer?: Deserializer<unknown>;
    valueDeserializer?: Deserializer<unknown>;
    timestampExtractor?: TimestampExtractor;
    processorName: string;
    stateUpdateSupplier: ProcessorSupplier<unknown, unknown, unknown, unknown>;
  }): void;
  /** declares a repartition topic (`<application.id>-<name>` at run time) */
  addInternalTopic(name: string, options?: { numberOfPartitions?: number }): void;
  /** the store is restored from the source topic instead of a changelog (optimization) */
  connectSourceStoreAndTopic(storeName: string, topic: string): void;
  /** these source processors must read co-partitioned topics */
  copartitionSources(sourceNames: readonly string[]): void;
}
