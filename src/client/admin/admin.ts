// Admin operations: topics (with configs), partitions, configs, offsets, records, groups.
// Controller-bound requests go to the controller from metadata; group requests to the group coordinator;
// partition requests (DeleteRecords, ListOffsets) to each leader.
import { alterConfigsApi } from '../../protocol/messages/alter-configs.js';
import { createPartitionsApi } from '../../protocol/messages/create-partitions.js';
import { createTopicsApi } from '../../protocol/messages/create-topics.js';
import { deleteGroupsApi } from '../../protocol/messages/delete-groups.js';
import { deleteRecordsApi } from '../../protocol/messages/delete-records.js';
import { deleteTopicsApi } from '../../protocol/messages/delete-topics.js';
import { describeConfigsApi } from '../../protocol/messages/describe-configs.js';
import { describeGroupsApi } from '../../protocol/messages/describe-groups.js';
import { listGroupsApi } from '../../protocol/messages/list-groups.js';
import { brokerError, throwIfError } from '../broker-error.js';
import { decodeAssignment, type TopicPartitions } from '../consumer/consumer-protocol.js';
import { EARLIEST, fetchCommitted, LATEST, listOffsets, withGroupCoordinator, type ListOffsetsResult } from '../consumer/offsets.js';
import type { CommittedOffset, TopicPartition } from '../consumer/types.js';
import { Cluster, type TopicInfo } from '../network/cluster.js';
import type { Connection } from '../network/connection.js';
import { resolveClientOptions, type ClientOptions } from '../options.js';

export type AdminOptions = ClientOptions;

export interface NewTopic {
  name: string;
  /** Default -1 (broker default). */
  numPartitions?: number;
  /** Default -1 (broker default). */
  replicationFactor?: number;
  configs?: Record<string, string>;
}

export type ConfigResourceType = 'topic' | 'broker';

const RESOURCE_TYPE: Record<ConfigResourceType, number> = { topic: 2, broker: 4 };

export interface ConfigEntry {
  name: string;
  value: string | null;
  readOnly: boolean;
  isDefault: boolean;
  isSensitive: boolean;
}

export interface GroupDescription {
  groupId: string;
  state: string;
  protocolType: string;
  protocol: string;
  members: Array<{ memberId: string; groupInstanceId: string | null; clientId: string; clientHost: string; assignment: TopicPartitions[] }>;
}

export type OffsetSpec = 'earliest' | 'latest' | { timestamp: number };

export class Admin {
  private readonly cluster: Cluster;
  private connected: Promise<void> | undefined;

  constructor(options: AdminOptions) {
    this.cluster = new Cluster(resolveClientOptions(options));
  }

  connect(): Promise<void> {
    this.connected ??= this.cluster.connect().catch((err: unknown) => {
      this.connected = undefined; // a later call tries again
      throw err;
    });
    return this.connected;
  }

  private async controller(): Promise<Connection> {
    await this.connect();
    if (this.cluster.controllerId < 0) await this.cluster.refreshMetadata();
    const id = this.cluster.controllerId;
    const known = this.cluster.brokerList().some((b) => b.nodeId === id);
    return known ? this.cluster.connection(id) : this.cluster.anyConnection();
  }

  async createTopics(topics: NewTopic[], options: { validateOnly?: boolean; timeoutMs?: number } = {}): Promise<void> {
    const conn = await this.controller();
    const res = await conn.request(createTopicsApi, {
      topics: topics.map((t) => ({
        name: t.name,
        numPartitions: t.numPartitions ?? -1,
        replicationFactor: t.replicationFactor ?? -1,
        assignments: [],
        configs: Object.entries(t.configs ?? {}).map(([name, value]) => ({ name, value })),
      })),
      timeoutMs: options.timeoutMs ?? 30_000,
      validateOnly: options.validateOnly ?? false,
    });
    for (const r of res.topics) throwIfError(r.errorCode, `create topic ${r.name}`, r.errorMessage);
    await this.cluster.refreshMetadata().catch(() => undefined);
  }

  async deleteTopics(names: string[], options: { timeoutMs?: number } = {}): Promise<void> {
    const conn = await this.controller();
    const version = conn.versionFor(deleteTopicsApi);
    const timeoutMs = options.timeoutMs ?? 30_000;
    const res = await conn.request(
      deleteTopicsApi,
      version >= 6
        ? { topics: names.map((name) => ({ name, topicId: '00000000-0000-0000-0000-000000000000' })), timeoutMs }
        : { topicNames: names, timeoutMs },
      { version },
    );
    for (const r of res.responses) throwIfError(r.errorCode, `delete topic ${r.name ?? r.topicId ?? ''}`, r.errorMessage);
  }

  /** Raises the partition count of topics to `count`. */
  async createPartitions(topics: Array<{ topic: string; count: number }>, options: { validateOnly?: boolean } = {}): Promise<void> {
    const conn = await this.controller();
    const res = await conn.request(createPartitionsApi, {
      topics: topics.map((t) => ({ name: t.topic, count: t.count, assignments: null })),
      timeoutMs: 30_000,
      validateOnly: options.validateOnly ?? false,
    });
    for (const r of res.results) throwIfError(r.errorCode, `create partitions of ${r.name}`, r.errorMessage);
  }

  /** Topics and their partitions (all topics when `names` is omitted). */
  async describeTopics(names?: string[]): Promise<TopicInfo[]> {
    await this.connect();
    const res = await this.cluster.metadata(names ?? null);
    return res.topics.map((t) => {
      throwIfError(t.errorCode, `describe topic ${t.name ?? ''}`);
      return {
        name: t.name ?? '',
        topicId: t.topicId,
        isInternal: t.isInternal ?? false,
        partitions: t.partitions
          .map((p) => ({ partition: p.partitionIndex, leader: p.leaderId, leaderEpoch: p.leaderEpoch ?? -1, replicas: p.replicaNodes, isr: p.isrNodes }))
          .sort((a, b) => a.partition - b.partition),
      };
    });
  }

  async listTopics(): Promise<string[]> {
    return (await this.describeTopics()).filter((t) => !t.isInternal).map((t) => t.name);
  }

  async describeConfigs(resources: Array<{ type: ConfigResourceType; name: string; keys?: string[] }>): Promise<Array<{ type: ConfigResourceType; name: string; configs: ConfigEntry[] }>> {
    const conn = await this.controller();
    const res = await conn.request(describeConfigsApi, {
      resources: resources.map((r) => ({ resourceType: RESOURCE_TYPE[r.type], resourceName: r.name, configurationKeys: r.keys ?? null })),
      includeSynonyms: false,
      includeDocumentation: false,
    });
    return res.results.map((r, i) => {
      throwIfError(r.errorCode, `describe configs of ${r.resourceName}`, r.errorMessage);
      return {
        type: resources[i]!.type,
        name: r.resourceName,
        configs: r.configs.map((c) => ({
          name: c.name,
          value: c.value,
          readOnly: c.readOnly,
          isDefault: c.isDefault ?? c.configSource === 5,
          isSensitive: c.isSensitive,
        })),
      };
    });
  }

  /** Sets configs of a resource (AlterConfigs replaces the resource's whole set of non-default configs). */
  async alterConfigs(resources: Array<{ type: ConfigResourceType; name: string; configs: Record<string, string | null> }>): Promise<void> {
    const conn = await this.controller();
    const res = await conn.request(alterConfigsApi, {
      resources: resources.map((r) => ({
        resourceType: RESOURCE_TYPE[r.type],
        resourceName: r.name,
        configs: Object.entries(r.configs).map(([name, value]) => ({ name, value })),
      })),
      validateOnly: false,
    });
    for (const r of res.responses) throwIfError(r.errorCode, `alter configs of ${r.resourceName}`, r.errorMessage);
  }

  /** Offsets per partition: earliest, latest, or the first offset at/after a timestamp (-1 if none). */
  async listOffsets(requests: Array<TopicPartition & { spec: OffsetSpec }>, options: { isolationLevel?: 'read_uncommitted' | 'read_committed' } = {}): Promise<ListOffsetsResult[]> {
    await this.connect();
    return listOffsets(
      this.cluster,
      requests.map((r) => ({
        topic: r.topic,
        partition: r.partition,
        timestamp: r.spec === 'earliest' ? EARLIEST : r.spec === 'latest' ? LATEST : r.spec.timestamp,
      })),
      options.isolationLevel === 'read_committed' ? 1 : 0,
    );
  }

  /** Deletes records before `offset` in each partition; returns the new low watermarks. */
  async deleteRecords(requests: Array<TopicPartition & { offset: number }>): Promise<Array<TopicPartition & { lowWatermark: number }>> {
    await this.connect();
    await this.cluster.ensureTopics(new Set(requests.map((r) => r.topic)));
    const byLeader = new Map<number, Array<TopicPartition & { offset: number }>>();
    for (const r of requests) {
      const leader = this.cluster.leaderFor(r.topic, r.partition);
      if (leader === undefined) throw brokerError(3, `delete records of ${r.topic}-${r.partition}`);
      const l = byLeader.get(leader);
      if (l) l.push(r);
      else byLeader.set(leader, [r]);
    }
    const out: Array<TopicPartition & { lowWatermark: number }> = [];
    await Promise.all(
      [...byLeader].map(async ([leader, items]) => {
        const conn = await this.cluster.connection(leader);
        const topics = new Map<string, Array<{ partitionIndex: number; offset: bigint }>>();
        for (const i of items) {
          let l = topics.get(i.topic);
          if (!l) topics.set(i.topic, (l = []));
          l.push({ partitionIndex: i.partition, offset: BigInt(i.offset) });
        }
        const res = await conn.request(deleteRecordsApi, { topics: [...topics].map(([name, partitions]) => ({ name, partitions })), timeoutMs: 30_000 });
        for (const t of res.topics) {
          for (const p of t.partitions) {
            throwIfError(p.errorCode, `delete records of ${t.name}-${p.partitionIndex}`);
            out.push({ topic: t.name, partition: p.partitionIndex, lowWatermark: Number(p.lowWatermark) });
          }
        }
      }),
    );
    return out;
  }

  /** Groups known to every broker. */
  async listGroups(): Promise<Array<{ groupId: string; protocolType: string; state: string | undefined }>> {
    await this.connect();
    await this.cluster.refreshMetadata();
    const out: Array<{ groupId: string; protocolType: string; state: string | undefined }> = [];
    for (const b of this.cluster.brokerList()) {
      const conn = await this.cluster.connection(b.nodeId);
      const res = await conn.request(listGroupsApi, { statesFilter: [], typesFilter: [] });
      throwIfError(res.errorCode, 'list groups');
      for (const g of res.groups) out.push({ groupId: g.groupId, protocolType: g.protocolType, state: g.groupState });
    }
    return out;
  }

  async describeGroups(groupIds: string[]): Promise<GroupDescription[]> {
    await this.connect();
    return Promise.all(
      groupIds.map(async (groupId) => {
        const res = await withGroupCoordinator(
          this.cluster,
          groupId,
          (conn) => conn.request(describeGroupsApi, { groups: [groupId], includeAuthorizedOperations: false }),
          (r) => r.groups[0]?.errorCode ?? 0,
          `DescribeGroups(${groupId})`,
        );
        const g = res.groups[0]!;
        return {
          groupId: g.groupId,
          state: g.groupState,
          protocolType: g.protocolType,
          protocol: g.protocolData,
          members: g.members.map((m) => ({
            memberId: m.memberId,
            groupInstanceId: m.groupInstanceId ?? null,
            clientId: m.clientId,
            clientHost: m.clientHost,
            assignment: g.protocolType === 'consumer' && m.memberAssignment.length > 0 ? safeAssignment(m.memberAssignment) : [],
          })),
        };
      }),
    );
  }

  async deleteGroups(groupIds: string[]): Promise<void> {
    await this.connect();
    for (const groupId of groupIds) {
      await withGroupCoordinator(
        this.cluster,
        groupId,
        (conn) => conn.request(deleteGroupsApi, { groupsNames: [groupId] }),
        (r) => r.results[0]?.errorCode ?? 0,
        `DeleteGroups(${groupId})`,
      );
    }
  }

  /** A group's committed offsets (all partitions it has offsets for, or just `partitions`). */
  async listGroupOffsets(groupId: string, partitions?: TopicPartition[]): Promise<CommittedOffset[]> {
    await this.connect();
    return fetchCommitted(this.cluster, groupId, partitions ?? null);
  }

  async close(): Promise<void> {
    this.cluster.close();
  }
}

function safeAssignment(buf: Buffer): TopicPartitions[] {
  try {
    return decodeAssignment(buf).partitions;
  } catch {
    return [];
  }
}
