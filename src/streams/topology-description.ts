/**
 * What `Topology.describe()` returns (Kafka Streams' `TopologyDescription`): the sub-topologies
 * with their nodes, and the global stores. `toString()` prints exactly what Kafka Streams prints.
 */
export interface TopologyDescription {
  readonly subtopologies: readonly SubtopologyDescription[];
  readonly globalStores: readonly GlobalStoreDescription[];
  toString(): string;
}

export interface SubtopologyDescription {
  readonly id: number;
  /** nodes in Kafka's print order: larger downstream sub-graph first, then by name */
  readonly nodes: readonly NodeDescription[];
}

export interface GlobalStoreDescription {
  readonly id: number;
  readonly source: SourceDescription;
  readonly processor: ProcessorDescription;
}

interface NodeDescriptionBase {
  readonly name: string;
  readonly predecessors: readonly NodeDescription[];
  readonly successors: readonly NodeDescription[];
}

export interface SourceDescription extends NodeDescriptionBase {
  readonly kind: 'source';
  /** the topics, or null for a pattern source */
  readonly topics: readonly string[] | null;
  readonly topicPattern: RegExp | null;
}

export interface ProcessorDescription extends NodeDescriptionBase {
  readonly kind: 'processor';
  readonly stores: readonly string[];
}

export interface SinkDescription extends NodeDescriptionBase {
  readonly kind: 'sink';
  /** the topic, or null when a topic-name extractor chooses it */
  readonly topic: string | null;
}

export type NodeDescription = SourceDescription | ProcessorDescription | SinkDescription;
