// The part of a topology the assignor needs: per sub-topology its source, sink, repartition and changelog
// topics (the shape of InternalTopologyBuilder.subtopologyToTopicsInfo()), and the co-partition groups.

export interface SubtopologyTopics {
  readonly sourceTopics: ReadonlySet<string>;
  readonly sinkTopics: ReadonlySet<string>;
  /** repartition topics this sub-topology reads, with a fixed partition count if the user gave one */
  readonly repartitionSourceTopics: ReadonlyMap<string, { numberOfPartitions?: number }>;
  /** changelog topic -> its store and topic configs */
  readonly stateChangelogTopics: ReadonlyMap<string, { store: string; config: Readonly<Record<string, string>> }>;
}

export interface TopologyMetadata {
  readonly subtopologies: ReadonlyMap<number, SubtopologyTopics>;
  /** groups of source topics that must have the same partition count (joins) */
  readonly copartitionGroups: readonly ReadonlySet<string>[];
}
