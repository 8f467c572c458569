// Where the stores live across the application's instances (Kafka Streams' StreamsMetadataState),
// computed from the host -> partitions maps of the latest assignment.
import type { Serializer } from '../serdes/serde.js';
import { QueryableStoreError } from './errors.js';
import { hostInfoKey, parseHostInfo, type HostInfo } from './host-info.js';
import { keyPartition, storeTopics, type KeyPartitioner } from './key-partition.js';
import type { ClusterAssignment, QueryRuntime, TopicPartitionRef } from './query-runtime.js';

/** One instance as interactive queries see it (Kafka Streams' StreamsMetadata). */
export interface StreamsMetadata {
  readonly hostInfo: HostInfo;
  /** stores of its active tasks */
  readonly stateStoreNames: ReadonlySet<string>;
  /** input partitions of its active tasks */
  readonly topicPartitions: readonly TopicPartitionRef[];
  readonly standbyStateStoreNames: ReadonlySet<string>;
  readonly standbyTopicPartitions: readonly TopicPartitionRef[];
}

/** Where a key lives (Kafka Streams' KeyQueryMetadata). */
export interface KeyQueryMetadata {
  readonly activeHost: HostInfo;
  readonly standbyHosts: readonly HostInfo[];
  readonly partition: number;
}

/** Kafka's `KeyQueryMetadata.NOT_AVAILABLE`: no assignment yet, or the key's partition is unassigned. */
export const KEY_QUERY_METADATA_NOT_AVAILABLE: KeyQueryMetadata = Object.freeze({
  activeHost: Object.freeze({ host: 'unavailable', port: -1 }),
  standbyHosts: Object.freeze([]) as readonly HostInfo[],
  partition: -1,
});

export const UNAVAILABLE_HOST = KEY_QUERY_METADATA_NOT_AVAILABLE.activeHost;

export function isAvailable(meta: KeyQueryMetadata): boolean {
  return meta.partition >= 0 && meta.activeHost.port >= 0;
}

export interface KeyMetadataOptions<K> {
  keySerializer?: Serializer<K>;
  partitioner?: KeyPartitioner<K>;
}

const tpKey = (tp: TopicPartitionRef): string => `${tp.topic}\u0000${tp.partition}`;

export class StreamsMetadataState {
  constructor(private readonly runtime: QueryRuntime) {}

  private storesOf(partitions: readonly TopicPartitionRef[]): Set<string> {
    const topics = new Set(partitions.map((p) => p.topic));
    const out = new Set<string>();
    const layout = this.runtime.layout;
    for (const store of layout.storeNames()) {
      const sub = layout.subtopologyOf(store);
      if (sub?.sourceTopics.some((t) => topics.has(t))) out.add(store);
    }
    return out;
  }

  /** every instance with host info in the latest assignment, sorted by host:port */
  allMetadata(): StreamsMetadata[] {
    const assignment = this.runtime.clusterAssignment();
    if (assignment === undefined) return [];
    const hosts = new Set([...assignment.partitionsByHost.keys(), ...assignment.standbyPartitionsByHost.keys()]);
    const out: StreamsMetadata[] = [];
    for (const key of [...hosts].sort()) {
      const hostInfo = parseHostInfo(key);
      if (hostInfo === undefined) continue;
      const active = assignment.partitionsByHost.get(key) ?? [];
      const standby = assignment.standbyPartitionsByHost.get(key) ?? [];
      out.push({
        hostInfo,
        stateStoreNames: this.storesOf(active),
        topicPartitions: active,
        standbyStateStoreNames: this.storesOf(standby),
        standbyTopicPartitions: standby,
      });
    }
    return out;
  }

  /** instances hosting the store, actively or as a standby */
  streamsMetadataForStore(storeName: string): StreamsMetadata[] {
    if (this.runtime.layout.subtopologyOf(storeName) === undefined) return [];
    return this.allMetadata().filter((m) => m.stateStoreNames.has(storeName) || m.standbyStateStoreNames.has(storeName));
  }

  /** this instance's own metadata, if it has host info in the assignment */
  localMetadata(): StreamsMetadata | undefined {
    const self = this.runtime.thisHost;
    if (self === undefined) return undefined;
    return this.allMetadata().find((m) => m.hostInfo.host === self.host && m.hostInfo.port === self.port);
  }

  queryMetadataForKey<K>(storeName: string, key: K, options: KeyMetadataOptions<K>): KeyQueryMetadata {
    const topics = storeTopics(this.runtime.layout, storeName);
    if (topics === undefined) throw new QueryableStoreError('UNKNOWN_STATE_STORE', `no state store named ${storeName} in the topology`);
    const assignment = this.runtime.clusterAssignment();
    if (assignment === undefined) return KEY_QUERY_METADATA_NOT_AVAILABLE;
    const partition = keyPartition(topics, key, { serializer: options.keySerializer, partitioner: options.partitioner });
    if (partition === undefined) return KEY_QUERY_METADATA_NOT_AVAILABLE;
    return partitionMetadata(assignment, topics.sourceTopics, partition);
  }

  /** where each partition of a store lives (for fan-out queries) */
  partitionsMetadata(storeName: string): KeyQueryMetadata[] {
    const topics = storeTopics(this.runtime.layout, storeName);
    const assignment = this.runtime.clusterAssignment();
    if (topics === undefined || assignment === undefined || topics.numPartitions === undefined) return [];
    const out: KeyQueryMetadata[] = [];
    for (let p = 0; p < topics.numPartitions; p++) out.push(partitionMetadata(assignment, topics.sourceTopics, p));
    return out;
  }
}

/** the hosts holding a partition of a sub-topology with those source topics */
export function partitionMetadata(assignment: ClusterAssignment, sourceTopics: readonly string[], partition: number): KeyQueryMetadata {
  const wanted = new Set(sourceTopics.map((topic) => tpKey({ topic, partition })));
  const holds = (tps: readonly TopicPartitionRef[]): boolean => tps.some((tp) => wanted.has(tpKey(tp)));
  let activeHost: HostInfo | undefined;
  for (const [key, tps] of assignment.partitionsByHost) {
    if (!holds(tps)) continue;
    activeHost = parseHostInfo(key);
    if (activeHost !== undefined) break;
  }
  const standbyHosts: HostInfo[] = [];
  for (const [key, tps] of assignment.standbyPartitionsByHost) {
    if (!holds(tps)) continue;
    const h = parseHostInfo(key);
    if (h !== undefined && (activeHost === undefined || hostInfoKey(h) !== hostInfoKey(activeHost))) standbyHosts.push(h);
  }
  standbyHosts.sort((a, b) => (hostInfoKey(a) < hostInfoKey(b) ? -1 : 1));
  return { activeHost: activeHost ?? UNAVAILABLE_HOST, standbyHosts, partition };
}
