// Public types of the consumer.
import type { RecordHeader } from '../../protocol/records/types.js';
import type { ClientOptions } from '../options.js';
import type { Assignment, Subscription, TopicPartitions } from './consumer-protocol.js';

export type { RecordHeader };

export interface TopicPartition {
  topic: string;
  partition: number;
}

export interface ConsumerRecord {
  topic: string;
  partition: number;
  offset: number;
  timestamp: number;
  /** 0 = CreateTime, 1 = LogAppendTime. */
  timestampType: 0 | 1;
  key: Buffer | null;
  value: Buffer | null;
  /** The record's headers; records without headers share one frozen empty array. */
  headers: readonly RecordHeader[];
  leaderEpoch: number;
}

export interface CommittedOffset extends TopicPartition {
  /** Next offset to consume; -1 when the group has no committed offset. */
  offset: number;
  metadata: string | null;
  leaderEpoch: number;
}

export interface GroupMemberInfo {
  memberId: string;
  groupInstanceId: string | null;
  subscription: Subscription;
}

export interface AssignmentInput {
  /** Every member's decoded subscription (topics, userData, owned partitions). */
  members: GroupMemberInfo[];
  /** Partition counts of every subscribed topic. */
  partitionsPerTopic: ReadonlyMap<string, number>;
  generationId: number;
}

/**
 * A partition assignment strategy (the classic protocol's "protocol"). The group leader runs `assign`;
 * every member sends `subscriptionUserData` and receives its assignment's userData in `onAssignment`.
 */
export interface PartitionAssignor {
  /** Protocol name, e.g. 'range', 'cooperative-sticky', 'stream'. */
  readonly name: string;
  /** 'eager' (default) revokes everything before a rebalance; 'cooperative' only what moves. */
  readonly rebalanceProtocol?: 'eager' | 'cooperative';
  /** User data added to this member's subscription. */
  subscriptionUserData?(input: { topics: string[]; ownedPartitions: TopicPartitions[]; generationId: number }): Buffer | null;
  /** Computes the assignment of every member (leader only). */
  assign(input: AssignmentInput): Map<string, Assignment> | Promise<Map<string, Assignment>>;
  /** Called on every member with its assignment after SyncGroup. */
  onAssignment?(assignment: Assignment, generationId: number): void;
}

export type RebalanceListener = (partitions: TopicPartition[]) => void | Promise<void>;

export interface ConsumerOptions extends ClientOptions {
  /** Consumer group; without one the consumer only works in assign mode. */
  groupId?: string;
  /** Static membership (KIP-345). */
  groupInstanceId?: string;
  /** Default 45000. */
  sessionTimeoutMs?: number;
  /** Time the group waits for members to rejoin (max.poll.interval.ms). Default 300000. */
  rebalanceTimeoutMs?: number;
  /** Default 3000. */
  heartbeatIntervalMs?: number;
  /** Strategies in order of preference. Default [rangeAssignor]. */
  assignors?: PartitionAssignor[];
  /** Where to start without a committed offset. Default 'latest'. */
  autoOffsetReset?: 'earliest' | 'latest' | 'none';
  /** Default 'read_uncommitted'. */
  isolationLevel?: 'read_uncommitted' | 'read_committed';
  /** Default 1. */
  fetchMinBytes?: number;
  /** Default 52428800. */
  fetchMaxBytes?: number;
  /** Default 1048576. */
  maxPartitionFetchBytes?: number;
  /** Default 500. */
  fetchMaxWaitMs?: number;
  /** Most records one poll returns. Default 500. */
  maxPollRecords?: number;
  /** Stop fetching ahead for a partition holding this many buffered records. Default 10000. */
  maxBufferedRecordsPerPartition?: number;
  /** Called (and awaited) after partitions are assigned. */
  onAssigned?: RebalanceListener;
  /** Called (and awaited) before partitions are taken away in a rebalance; commit here. */
  onRevoked?: RebalanceListener;
  /** Called (and awaited) when partitions were lost (membership expired): do not commit. */
  onLost?: RebalanceListener;
  /** Let metadata requests create missing topics. Default false. */
  allowAutoTopicCreation?: boolean;
}
