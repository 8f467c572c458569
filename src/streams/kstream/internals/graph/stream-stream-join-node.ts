import type { TopologyPort } from '../topology-port.js';
import type { StoreFactory } from '../store-materializer.js';
import { GraphNode, type ProcessorParameters } from './graph-node.js';

/** The window-store writer of one join side (Kafka Streams' `WindowedStreamProcessorNode`). */
export class WindowedStreamProcessorNode extends GraphNode {
  constructor(
    nodeName: string,
    readonly processorParameters: ProcessorParameters,
  ) {
    super(nodeName);
  }

  writeToTopology(topology: TopologyPort): void {
    this.processorParameters.addProcessorTo(topology, this.parentNodeNames());
  }
}

/**
 * A stream-stream join: both windowed writers feed a join processor per side, merged into one stream
 * — or, after the self-join optimization, one writer and one self-join processor sharing one store.
 */
export class StreamStreamJoinNode extends GraphNode {
  isSelfJoin = false;

  constructor(
    nodeName: string,
    readonly parts: {
      thisWindowed: ProcessorParameters;
      otherWindowed: ProcessorParameters;
      thisJoin: ProcessorParameters;
      otherJoin: ProcessorParameters;
      merge: ProcessorParameters;
      selfJoin: ProcessorParameters;
      thisStore: StoreFactory;
      otherStore: StoreFactory;
      /** the shared store of a left/outer join */
      outerStore?: StoreFactory;
    },
  ) {
    super(nodeName);
  }

  writeToTopology(topology: TopologyPort): void {
    const p = this.parts;
    const thisWindowed = p.thisWindowed.processorName;
    if (this.isSelfJoin) {
      p.selfJoin.addProcessorTo(topology, [thisWindowed]);
      topology.addStateStore(p.thisStore.build(topology.storeSuppliers), [thisWindowed, p.selfJoin.processorName]);
      return;
    }
    const otherWindowed = p.otherWindowed.processorName;
    p.thisJoin.addProcessorTo(topology, [thisWindowed]);
    p.otherJoin.addProcessorTo(topology, [otherWindowed]);
    p.merge.addProcessorTo(topology, [p.thisJoin.processorName, p.otherJoin.processorName]);
    topology.addStateStore(p.thisStore.build(topology.storeSuppliers), [thisWindowed, p.otherJoin.processorName]);
    topology.addStateStore(p.otherStore.build(topology.storeSuppliers), [otherWindowed, p.thisJoin.processorName]);
    if (p.outerStore !== undefined) topology.addStateStore(p.outerStore.build(topology.storeSuppliers), [p.thisJoin.processorName, p.otherJoin.processorName]);
  }
}
