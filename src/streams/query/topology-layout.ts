import type { InternalTopologyBuilder } from '../internals/internal-topology-builder.js';
import type { StoreLayout } from './query-runtime.js';

/**
 * The store layout of a topology: the sub-topology that holds each store (from the processors that
 * use it) and that sub-topology's source topics (internal ones decorated). Call after the topology
 * was rewritten for the application (`rewriteTopology`), so repartition topics carry their prefix.
 */
export function topologyStoreLayout(builder: InternalTopologyBuilder, partitionCount: (topic: string) => number | undefined): StoreLayout {
  const topicsInfo = builder.subtopologyToTopicsInfo();
  const byStore = new Map<string, { subtopology: number; sourceTopics: readonly string[] }>();
  for (const sub of builder.describe().subtopologies) {
    const info = topicsInfo.get(sub.id);
    if (info === undefined) continue;
    const sourceTopics = [...info.sourceTopics].sort();
    for (const node of sub.nodes) {
      if (node.kind !== 'processor') continue;
      for (const store of node.stores) if (!byStore.has(store)) byStore.set(store, { subtopology: sub.id, sourceTopics });
    }
  }
  const names = [...byStore.keys()].sort();
  return {
    subtopologyOf: (store) => byStore.get(store),
    storeNames: () => names,
    partitionCount,
  };
}
