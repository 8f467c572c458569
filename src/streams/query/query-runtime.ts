// What interactive queries need from the runtime (KafkaStreams, or a test harness driving tasks). The
// runtime implements this interface; nothing here imports the runtime.
import type { StateStore } from '../processor/state-store.js';
import type { HostInfo } from './host-info.js';

export interface TopicPartitionRef {
  readonly topic: string;
  readonly partition: number;
}

/** One task of this instance that holds stores. */
export interface LocalTask {
  /** `<subtopology>_<partition>` */
  readonly taskId: string;
  readonly subtopology: number;
  readonly partition: number;
  /** active (processing) or standby (a warm copy kept from the changelog) */
  readonly active: boolean;
  /** false while an active task restores its state (its stores are not queryable yet) */
  readonly running: boolean;
  /**
   * false while the task's stores are still filled from scratch: an active task restoring, or a standby
   * not yet read up to the changelog end it saw when created (absent: caught up). Such a task answers no
   * query, not even a stale one: its partial state would be a wrong answer (a missing key, a low count).
   */
  readonly caughtUp?: boolean;
  /** the store of that name in this task (outermost, typed layer), if the task has it */
  store(name: string): StateStore | undefined;
}

/** The application's cluster-wide assignment as the group leader handed it out (host info for IQ). */
export interface ClusterAssignment {
  /** `host:port` -> input partitions of active tasks there */
  readonly partitionsByHost: ReadonlyMap<string, readonly TopicPartitionRef[]>;
  /** `host:port` -> input partitions of standby tasks there */
  readonly standbyPartitionsByHost: ReadonlyMap<string, readonly TopicPartitionRef[]>;
}

/** Static facts of the topology: which sub-topology holds a store, its source topics and their sizes. */
export interface StoreLayout {
  /** the task-generating sub-topology holding `store` with its source topics, or undefined if no such store */
  subtopologyOf(store: string): { subtopology: number; sourceTopics: readonly string[] } | undefined;
  /** every store name of the task-generating sub-topologies */
  storeNames(): readonly string[];
  /** partitions of a source topic, once known (after start) */
  partitionCount(topic: string): number | undefined;
}

/** The runtime's state, as Kafka Streams' KafkaStreams.State names it. */
export type RuntimeState = 'CREATED' | 'REBALANCING' | 'RUNNING' | 'PENDING_SHUTDOWN' | 'NOT_RUNNING' | 'PENDING_ERROR' | 'ERROR';

export interface QueryRuntime {
  state(): RuntimeState;
  /** this instance's `application.server`, if configured */
  readonly thisHost: HostInfo | undefined;
  readonly layout: StoreLayout;
  /** the local tasks (active and standby) with stores, as of now */
  localTasks(): readonly LocalTask[];
  /** the latest assignment received, undefined before the first one */
  clusterAssignment(): ClusterAssignment | undefined;
  /** the global store of that name (a GlobalKTable's or `addGlobalStore`'s; every instance holds all of it), if any */
  globalStore?(name: string): StateStore | undefined;
  /** per local thread: name and task ids (for `metadataForLocalThreads`) */
  localThreads(): ReadonlyArray<{ threadName: string; activeTasks: readonly string[]; standbyTasks: readonly string[] }>;
}
