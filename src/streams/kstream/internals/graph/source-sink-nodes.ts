import type { Serde } from '../../../serdes/serde.js';
import type { StoreBuilder } from '../../../../state/store-builder.js';
import type { StateStore } from '../../../processor/state-store.js';
import type { Consumed } from '../../consumed.js';
import type { StreamPartitioner, TopicNameExtractor } from '../../functions.js';
import type { TopologyPort } from '../topology-port.js';
import type { KeyValueStoreMaterializer } from '../store-materializer.js';
import { GraphNode, type ProcessorParameters } from './graph-node.js';
import { KTableSourceSupplier } from '../processors/ktable-source.js';

/** `builder.stream(...)`: a source processor on topics or a pattern. */
export class StreamSourceNode extends GraphNode {
  constructor(
    nodeName: string,
    readonly topics: readonly string[] | undefined,
    readonly pattern: RegExp | undefined,
    readonly consumed: Consumed<unknown, unknown>,
  ) {
    super(nodeName);
  }

  /** takes over the children of another source on the same topics (they become one source) */
  merge(other: StreamSourceNode): void {
    if ((this.consumed.offsetReset ?? null) !== (other.consumed.offsetReset ?? null)) {
      throw new Error("can't configure different offset reset policies on the same input topic(s)");
    }
    for (const child of other.children) {
      other.removeChild(child);
      this.addChild(child);
    }
  }

  writeToTopology(topology: TopologyPort): void {
    topology.addSource({
      name: this.nodeName,
      topics: this.topics,
      pattern: this.pattern,
      keyDeserializer: this.consumed.keySerde as Serde<unknown> | undefined,
      valueDeserializer: this.consumed.valueSerde as Serde<unknown> | undefined,
      timestampExtractor: this.consumed.timestampExtractor,
      offsetReset: this.consumed.offsetReset,
    });
  }
}

/** `builder.table(...)` / `builder.globalTable(...)`: a source plus the KTable source processor. */
export class TableSourceNode extends GraphNode {
  shouldReuseSourceTopicForChangelog = false;

  constructor(
    nodeName: string,
    readonly options: {
      sourceName: string;
      topic: string;
      consumed: Consumed<unknown, unknown>;
      storeFactory: KeyValueStoreMaterializer;
      processorParameters: ProcessorParameters;
      isGlobal: boolean;
    },
  ) {
    super(nodeName);
  }

  writeToTopology(topology: TopologyPort): void {
    const o = this.options;
    const keyDeserializer = o.consumed.keySerde as Serde<unknown> | undefined;
    const valueDeserializer = o.consumed.valueSerde as Serde<unknown> | undefined;
    if (o.isGlobal) {
      const supplier = o.processorParameters.supplier;
      topology.addGlobalStore({
        storeBuilder: o.storeFactory.build(topology.storeSuppliers),
        sourceName: o.sourceName,
        topic: o.topic,
        keyDeserializer,
        valueDeserializer,
        timestampExtractor: o.consumed.timestampExtractor,
        processorName: o.processorParameters.processorName,
        stateUpdateSupplier: () => supplier.get(),
      });
      return;
    }
    topology.addSource({
      name: o.sourceName,
      topics: [o.topic],
      keyDeserializer,
      valueDeserializer,
      timestampExtractor: o.consumed.timestampExtractor,
      offsetReset: o.consumed.offsetReset,
    });
    o.processorParameters.addProcessorTo(topology, [o.sourceName]);
    const source = o.processorParameters.supplier;
    if (source instanceof KTableSourceSupplier && source.materialized()) {
      if (this.shouldReuseSourceTopicForChangelog) o.storeFactory.withLoggingDisabled();
      topology.addStateStore(o.storeFactory.build(topology.storeSuppliers), [this.nodeName]);
      if (this.shouldReuseSourceTopicForChangelog) topology.connectSourceStoreAndTopic(o.storeFactory.name, o.topic);
    }
  }
}

/** `KStream.to(...)`: a sink to a fixed topic or a per-record topic. */
export class StreamSinkNode extends GraphNode {
  constructor(
    nodeName: string,
    private readonly topic: string | TopicNameExtractor<unknown, unknown>,
    private readonly options: { keySerde?: Serde<unknown>; valueSerde?: Serde<unknown>; partitioner?: StreamPartitioner<unknown, unknown> },
  ) {
    super(nodeName);
  }

  writeToTopology(topology: TopologyPort): void {
    topology.addSink({
      name: this.nodeName,
      topic: this.topic,
      keySerializer: this.options.keySerde,
      valueSerializer: this.options.valueSerde,
      partitioner: this.options.partitioner,
      parentNames: this.parentNodeNames(),
    });
  }
}

/** `builder.addStateStore(...)`: a store that processors connect to by name. */
export class StateStoreNode extends GraphNode {
  constructor(private readonly storeBuilder: StoreBuilder<StateStore>) {
    super(storeBuilder.name);
  }

  writeToTopology(topology: TopologyPort): void {
    topology.addStateStore(this.storeBuilder, []);
  }
}
