import type { TopologyPort } from '../topology-port.js';
import type { KeyValueStoreMaterializer, StoreFactory } from '../store-materializer.js';
import { GraphNode, type ProcessorParameters } from './graph-node.js';
import { KTableSourceSupplier } from '../processors/ktable-source.js';

/** A stateless processor (Kafka Streams' `ProcessorGraphNode`). */
export class ProcessorGraphNode extends GraphNode {
  constructor(
    nodeName: string,
    public processorParameters: ProcessorParameters,
  ) {
    super(nodeName);
  }

  writeToTopology(topology: TopologyPort): void {
    this.processorParameters.addProcessorTo(topology, this.parentNodeNames());
  }
}

/** A processor with stores: its own (built here) and others' (connected by name). */
export class StatefulProcessorNode extends ProcessorGraphNode {
  constructor(
    nodeName: string,
    processorParameters: ProcessorParameters,
    private readonly options: { storeFactory?: StoreFactory; storeNames?: () => readonly string[] } = {},
  ) {
    super(nodeName, processorParameters);
  }

  override writeToTopology(topology: TopologyPort): void {
    super.writeToTopology(topology);
    const names = this.options.storeNames?.() ?? [];
    if (names.length > 0) topology.connectProcessorAndStateStores(this.processorParameters.processorName, names);
    if (this.options.storeFactory) topology.addStateStore(this.options.storeFactory.build(topology.storeSuppliers), [this.processorParameters.processorName]);
  }
}

/** A table operation (filter, mapValues, ...), materialized when it has a store factory. */
export class TableProcessorNode extends GraphNode {
  constructor(
    nodeName: string,
    readonly processorParameters: ProcessorParameters,
    private readonly storeFactory: KeyValueStoreMaterializer | undefined,
    private readonly storeNames: readonly string[] = [],
  ) {
    super(nodeName);
  }

  writeToTopology(topology: TopologyPort): void {
    const name = this.processorParameters.processorName;
    this.processorParameters.addProcessorTo(topology, this.parentNodeNames());
    if (this.storeNames.length > 0) topology.connectProcessorAndStateStores(name, this.storeNames);
    if (this.storeFactory) topology.addStateStore(this.storeFactory.build(topology.storeSuppliers), [name]);
  }
}

/** `KStream.toTable`: a table source fed by a stream; materialized only when needed. */
export class StreamToTableNode extends GraphNode {
  constructor(
    nodeName: string,
    readonly processorParameters: ProcessorParameters,
    private readonly storeFactory: KeyValueStoreMaterializer,
  ) {
    super(nodeName);
  }

  writeToTopology(topology: TopologyPort): void {
    const name = this.processorParameters.processorName;
    this.processorParameters.addProcessorTo(topology, this.parentNodeNames());
    const source = this.processorParameters.supplier;
    if (source instanceof KTableSourceSupplier && source.materialized()) {
      topology.addStateStore(this.storeFactory.build(topology.storeSuppliers), [name]);
    }
  }
}

/** A stream-table or stream-globalTable join: connects the table's stores (none for global). */
export class StreamTableJoinNode extends GraphNode {
  constructor(
    nodeName: string,
    readonly processorParameters: ProcessorParameters,
    private readonly storeNames: () => readonly string[],
  ) {
    super(nodeName);
  }

  writeToTopology(topology: TopologyPort): void {
    this.processorParameters.addProcessorTo(topology, this.parentNodeNames());
    const names = this.storeNames();
    if (names.length > 0) topology.connectProcessorAndStateStores(this.processorParameters.processorName, names);
  }
}

/** A table-table join: one processor per side and a merger (Kafka Streams' `KTableKTableJoinNode`). */
export class KTableKTableJoinNode extends GraphNode {
  constructor(
    nodeName: string,
    private readonly parts: {
      thisParameters: ProcessorParameters;
      otherParameters: ProcessorParameters;
      mergeParameters: ProcessorParameters;
      thisJoinSideNodeName: string;
      otherJoinSideNodeName: string;
      thisStoreNames: () => readonly string[];
      otherStoreNames: () => readonly string[];
      storeFactory: KeyValueStoreMaterializer | undefined;
    },
  ) {
    super(nodeName);
  }

  writeToTopology(topology: TopologyPort): void {
    const p = this.parts;
    const thisName = p.thisParameters.processorName;
    const otherName = p.otherParameters.processorName;
    const mergeName = p.mergeParameters.processorName;
    p.thisParameters.addProcessorTo(topology, [p.thisJoinSideNodeName]);
    p.otherParameters.addProcessorTo(topology, [p.otherJoinSideNodeName]);
    p.mergeParameters.addProcessorTo(topology, [thisName, otherName]);
    topology.connectProcessorAndStateStores(thisName, p.otherStoreNames());
    topology.connectProcessorAndStateStores(otherName, p.thisStoreNames());
    if (p.storeFactory) topology.addStateStore(p.storeFactory.build(topology.storeSuppliers), [mergeName]);
  }
}
