import type { InternalTopologyBuilder } from '../../internals/internal-topology-builder.js';
import type { TopologyPort } from './topology-port.js';
import type { DslStoreSuppliers } from './dsl-stores.js';

/** Binds the DSL's writes to the engine's topology builder. */
export function topologyPort(builder: InternalTopologyBuilder, storeSuppliers: DslStoreSuppliers): TopologyPort {
  return {
    storeSuppliers,
    addSource: (o) =>
      builder.addSource({
        name: o.name,
        topics: o.topics,
        pattern: o.pattern,
        keyDeserializer: o.keyDeserializer,
        valueDeserializer: o.valueDeserializer,
        timestampExtractor: o.timestampExtractor,
        offsetReset: o.offsetReset === 'none' ? undefined : o.offsetReset,
      }),
    addProcessor: (name, supplier, parents) => builder.addProcessor(name, supplier, parents),
    addSink: (o) =>
      builder.addSink(
        { name: o.name, topic: o.topic, keySerializer: o.keySerializer, valueSerializer: o.valueSerializer, partitioner: o.partitioner },
        o.parentNames,
      ),
    addStateStore: (storeBuilder, processorNames) => builder.addStateStore(storeBuilder, processorNames),
    connectProcessorAndStateStores: (processorName, storeNames) => builder.connectProcessorAndStateStores(processorName, storeNames),
    addGlobalStore: (o) =>
      builder.addGlobalStore({
        storeBuilder: o.storeBuilder,
        sourceName: o.sourceName,
        topic: o.topic,
        keyDeserializer: o.keyDeserializer,
        valueDeserializer: o.valueDeserializer,
        timestampExtractor: o.timestampExtractor,
        processorName: o.processorName,
        stateUpdateSupplier: o.stateUpdateSupplier as never,
      }),
    addInternalTopic: (name, options) => builder.addInternalTopic(name, options?.numberOfPartitions !== undefined ? { numberOfPartitions: options.numberOfPartitions } : {}),
    connectSourceStoreAndTopic: (storeName, topic) => builder.connectSourceStoreAndTopic(storeName, topic),
    copartitionSources: (sourceNames) => builder.copartitionSources(sourceNames),
  };
}
