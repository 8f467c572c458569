// Adapts KafkaStreams' stream threads to the QueryRuntime interface interactive queries read.
import type { InternalTopologyBuilder } from '../internals/internal-topology-builder.js';
import type { StateStore } from '../processor/state-store.js';
import type { AssignmentInfo } from '../assignment/index.js';
import { parseHostInfo } from './host-info.js';
import type { ClusterAssignment, LocalTask, QueryRuntime, RuntimeState, StoreLayout } from './query-runtime.js';
import { topologyStoreLayout } from './topology-layout.js';

/** What the runtime's threads must offer (StreamThread's interactive-queries hook). */
export interface QueryableThread {
  readonly name: string;
  queryableTasks(): Array<{ taskId: string; subtopology: number; partition: number; active: boolean; running: boolean; caughtUp: boolean; store(name: string): StateStore | undefined }>;
  latestAssignment(): AssignmentInfo | null;
  activeTaskIds(): string[];
  standbyTaskIds(): string[];
}

export interface KafkaStreamsQueryHooks {
  state(): RuntimeState;
  /** `application.server` ('' when not set) */
  applicationServer: string;
  builder: InternalTopologyBuilder;
  /** true once start() has rewritten the topology and created internal topics */
  started(): boolean;
  partitionCount(topic: string): number | undefined;
  threads(): readonly QueryableThread[];
  /** the global store of that name, once the global thread built it */
  globalStore?(name: string): unknown;
}

export function kafkaStreamsQueryRuntime(hooks: KafkaStreamsQueryHooks): QueryRuntime {
  let layout: StoreLayout | undefined;
  // before start the topology is not bound to the application yet (internal topic names unknown):
  // stores are known by name only, with no topics, so key metadata is NOT_AVAILABLE
  const unbound: StoreLayout = {
    subtopologyOf: (store) => (hooks.builder.hasStore(store) ? { subtopology: -1, sourceTopics: [] } : undefined),
    storeNames: () => hooks.builder.allStateStoreNames(),
    partitionCount: () => undefined,
  };
  const currentLayout = (): StoreLayout => {
    if (layout !== undefined) return layout;
    if (!hooks.started()) return unbound;
    layout = topologyStoreLayout(hooks.builder, hooks.partitionCount);
    return layout;
  };
  return {
    state: hooks.state,
    thisHost: parseHostInfo(hooks.applicationServer),
    get layout(): StoreLayout {
      return currentLayout();
    },
    localTasks: (): LocalTask[] => hooks.threads().flatMap((t) => t.queryableTasks()),
    clusterAssignment: (): ClusterAssignment | undefined => {
      // every thread receives the same host maps; take the one that arrived last (non-empty)
      let latest: AssignmentInfo | undefined;
      for (const t of hooks.threads()) {
        const a = t.latestAssignment();
        if (a !== null && (latest === undefined || a.partitionsByHost.size >= latest.partitionsByHost.size)) latest = a;
      }
      return latest === undefined ? undefined : { partitionsByHost: latest.partitionsByHost, standbyPartitionsByHost: latest.standbyPartitionsByHost };
    },
    globalStore: (name) => hooks.globalStore?.(name) as StateStore | undefined,
    localThreads: () => hooks.threads().map((t) => ({ threadName: t.name, activeTasks: t.activeTaskIds(), standbyTasks: t.standbyTaskIds() })),
  };
}
