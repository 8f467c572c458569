import type { Serde } from '../../../serdes/serde.js';
import type { StreamPartitioner } from '../../functions.js';
import type { TopologyPort } from '../topology-port.js';
import { GraphNode, type ProcessorParameters } from './graph-node.js';

export interface RepartitionParts {
  sourceName: string;
  sinkName: string;
  repartitionTopic: string;
  keySerde: Serde<unknown> | undefined;
  valueSerde: Serde<unknown> | undefined;
  /** the (null-key) filter before the sink; absent for table-grouping repartitions */
  processorParameters: ProcessorParameters | undefined;
  partitioner?: StreamPartitioner<unknown, unknown>;
  numberOfPartitions?: number;
}

/**
 * A repartition through an internal topic: [filter →] sink → topic → source (Kafka Streams'
 * `BaseRepartitionNode`). The node is named after its source processor.
 */
export abstract class BaseRepartitionNode extends GraphNode {
  constructor(readonly parts: RepartitionParts) {
    super(parts.sourceName);
  }

  get repartitionTopic(): string {
    return this.parts.repartitionTopic;
  }

  writeToTopology(topology: TopologyPort): void {
    const p = this.parts;
    topology.addInternalTopic(p.repartitionTopic, { numberOfPartitions: p.numberOfPartitions });
    let sinkParents = this.parentNodeNames();
    if (p.processorParameters) {
      p.processorParameters.addProcessorTo(topology, sinkParents);
      sinkParents = [p.processorParameters.processorName];
    }
    topology.addSink({
      name: p.sinkName,
      topic: p.repartitionTopic,
      keySerializer: p.keySerde,
      valueSerializer: p.valueSerde,
      partitioner: p.partitioner,
      parentNames: sinkParents,
    });
    topology.addSource({
      name: p.sourceName,
      topics: [p.repartitionTopic],
      keyDeserializer: p.keySerde,
      valueDeserializer: p.valueSerde,
    });
  }
}

/** An automatic repartition (before grouping or joining a re-keyed stream); the optimizer may merge these. */
export class OptimizableRepartitionNode extends BaseRepartitionNode {}

/** `KStream.repartition()`: always kept as written. */
export class UnoptimizableRepartitionNode extends BaseRepartitionNode {}

/** The repartition of `KTable.groupBy`: carries `Change` values, no filter. */
export class GroupedTableOperationRepartitionNode extends BaseRepartitionNode {}
