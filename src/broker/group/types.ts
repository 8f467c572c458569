// Plain request/response shapes of the group coordinator. The handlers map the generated wire
// messages onto these, so the coordinator stays free of protocol versions and sockets.

export interface GroupProtocol {
  readonly name: string;
  /** Opaque protocol metadata (the consumer's subscription); passed to the leader untouched. */
  readonly metadata: Uint8Array;
}

export interface JoinGroupInput {
  readonly groupId: string;
  /** "" on a first join. */
  readonly memberId: string;
  readonly groupInstanceId: string | null;
  readonly protocolType: string;
  readonly protocols: readonly GroupProtocol[];
  readonly sessionTimeoutMs: number;
  /** v0 has none: pass the session timeout. */
  readonly rebalanceTimeoutMs: number;
  readonly clientId: string;
  readonly clientHost: string;
  /** JoinGroup v4+: a first join gets MEMBER_ID_REQUIRED and must come back with the id. */
  readonly requireKnownMemberId: boolean;
  /** JoinGroup v9+: a static leader replaced while stable is told to skip the assignment. */
  readonly supportsSkipAssignment: boolean;
}

export interface JoinGroupMember {
  readonly memberId: string;
  readonly groupInstanceId: string | null;
  readonly metadata: Uint8Array;
}

export interface JoinGroupResult {
  readonly errorCode: number;
  readonly generationId: number;
  readonly protocolType: string | null;
  readonly protocolName: string | null;
  readonly leader: string;
  readonly skipAssignment: boolean;
  readonly memberId: string;
  /** Every member's metadata for the chosen protocol, only for the leader. */
  readonly members: readonly JoinGroupMember[];
}

export interface SyncGroupInput {
  readonly groupId: string;
  readonly generationId: number;
  readonly memberId: string;
  readonly groupInstanceId: string | null;
  /** v5+, null before. */
  readonly protocolType: string | null;
  readonly protocolName: string | null;
  readonly assignments: readonly { readonly memberId: string; readonly assignment: Uint8Array }[];
}

export interface SyncGroupResult {
  readonly errorCode: number;
  readonly protocolType: string | null;
  readonly protocolName: string | null;
  readonly assignment: Uint8Array;
}

export interface HeartbeatInput {
  readonly groupId: string;
  readonly generationId: number;
  readonly memberId: string;
  readonly groupInstanceId: string | null;
}

export interface LeaveGroupInput {
  readonly groupId: string;
  readonly members: readonly { readonly memberId: string; readonly groupInstanceId: string | null }[];
}

export interface LeaveGroupResult {
  readonly errorCode: number;
  readonly members: readonly { readonly memberId: string; readonly groupInstanceId: string | null; readonly errorCode: number }[];
}

export interface OffsetCommitPartition {
  readonly partition: number;
  readonly offset: bigint;
  readonly leaderEpoch: number;
  readonly metadata: string | null;
}

export interface OffsetCommitInput {
  readonly groupId: string;
  /** -1 for a commit from outside group management (admin, assign mode). */
  readonly generationId: number;
  readonly memberId: string;
  readonly groupInstanceId: string | null;
  readonly topics: readonly { readonly name: string; readonly partitions: readonly OffsetCommitPartition[] }[];
  /** OffsetCommit v9+ answers GROUP_ID_NOT_FOUND instead of ILLEGAL_GENERATION for a missing group. */
  readonly apiVersion: number;
}

export interface TopicPartitionErrors {
  readonly name: string;
  readonly partitions: readonly { readonly partition: number; readonly errorCode: number }[];
}

export interface OffsetFetchInput {
  readonly groupId: string;
  /** null: every committed offset of the group. */
  readonly topics: readonly { readonly name: string; readonly partitions: readonly number[] }[] | null;
  readonly requireStable: boolean;
}

export interface FetchedOffset {
  readonly partition: number;
  readonly offset: bigint;
  readonly leaderEpoch: number;
  readonly metadata: string | null;
  readonly errorCode: number;
}

export interface OffsetFetchResult {
  readonly errorCode: number;
  readonly topics: readonly { readonly name: string; readonly partitions: readonly FetchedOffset[] }[];
}

export type GroupStateName = 'Empty' | 'PreparingRebalance' | 'CompletingRebalance' | 'Stable' | 'Dead';

export interface DescribedMember {
  readonly memberId: string;
  readonly groupInstanceId: string | null;
  readonly clientId: string;
  readonly clientHost: string;
  readonly metadata: Uint8Array;
  readonly assignment: Uint8Array;
}

export interface DescribedGroup {
  readonly errorCode: number;
  readonly groupId: string;
  readonly groupState: GroupStateName;
  readonly protocolType: string;
  readonly protocolData: string;
  readonly members: readonly DescribedMember[];
}

export interface ListedGroup {
  readonly groupId: string;
  readonly protocolType: string;
  readonly groupState: GroupStateName;
}
