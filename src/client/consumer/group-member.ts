// Membership in a classic-protocol consumer group: JoinGroup (with MEMBER_ID_REQUIRED), the leader's
// assignment through the pluggable assignor, SyncGroup, background heartbeats, LeaveGroup.
// The consumer drives `join()`; heartbeats run on their own timer (and their own connection lane), so
// they continue while the application processes, and flag `needsRejoin` when the group rebalances.
import { heartbeatApi } from '../../protocol/messages/heartbeat.js';
import { joinGroupApi } from '../../protocol/messages/join-group.js';
import { leaveGroupApi } from '../../protocol/messages/leave-group.js';
import { syncGroupApi } from '../../protocol/messages/sync-group.js';
import { brokerError, COORDINATOR_CODES } from '../broker-error.js';
import { KafkaClientError } from '../errors.js';
import type { Cluster } from '../network/cluster.js';
import { backoffDelay, sleep } from '../retry.js';
import { decodeAssignment, decodeSubscription, encodeAssignment, encodeSubscription, type Assignment, type TopicPartitions } from './consumer-protocol.js';
import type { GroupMemberInfo, PartitionAssignor } from './types.js';

export interface GroupMemberOptions {
  groupId: string;
  groupInstanceId: string | null;
  sessionTimeoutMs: number;
  rebalanceTimeoutMs: number;
  heartbeatIntervalMs: number;
  assignors: PartitionAssignor[];
}

export interface JoinResult {
  assignment: Assignment;
  generationId: number;
  protocol: PartitionAssignor;
}

/** Error codes after which the member must rejoin with its current member id. */
const REJOIN_CODES = new Set([27]);
/** Error codes after which the membership is gone (partitions are lost, member id reset). */
const LOST_CODES = new Set([22, 25, 82]);

export class GroupMember {
  memberId = '';
  generationId = -1;
  protocolName: string | null = null;
  needsRejoin = true;
  /** Set when the membership was lost (session expired, fenced): partitions must be treated as lost. */
  lost = false;
  /**
   * Set when a JoinGroup or SyncGroup found the membership gone (ILLEGAL_GENERATION, UNKNOWN_MEMBER_ID) and
   * the member joined again as a new one: the partitions owned before the join are lost, not revoked (a
   * paused member coming back must not commit for them under its new generation). The caller clears it.
   */
  lostInJoin = false;
  private heartbeatTimer: NodeJS.Timeout | undefined;
  private heartbeatInFlight = false;
  private stopped = false;
  onRejoinNeeded: () => void = () => undefined;
  lastHeartbeatError: Error | undefined;
  /** why the next JoinGroup happens (sent as its `reason`, v5+), cleared once sent */
  private rejoinReason: string | null = null;

  constructor(
    private readonly cluster: Cluster,
    private readonly options: GroupMemberOptions,
  ) {}

  get rebalanceProtocol(): 'eager' | 'cooperative' {
    // Cooperative only when every configured assignor supports it (as the Java client does).
    return this.options.assignors.every((a) => a.rebalanceProtocol === 'cooperative') ? 'cooperative' : 'eager';
  }

  /** Joins (or rejoins) and syncs; returns this member's assignment. */
  async join(topics: string[], owned: TopicPartitions[]): Promise<JoinResult> {
    const { groupId } = this.options;
    this.stopHeartbeats();
    for (let attempt = 0; ; attempt++) {
      if (this.stopped) throw new KafkaClientError('consumer closed during rebalance', { code: 'CLIENT_CLOSED' });
      const coordinator = await this.cluster.findCoordinator(groupId, 0);
      const conn = await this.cluster.connection(coordinator, 'group');
      const protocols = this.options.assignors.map((a) => ({
        name: a.name,
        metadata: encodeSubscription({
          topics,
          userData: a.subscriptionUserData?.({ topics, ownedPartitions: owned, generationId: this.generationId }) ?? null,
          ownedPartitions: owned,
          generationId: this.generationId,
        }),
      }));
      const join = await conn.request(
        joinGroupApi,
        {
          groupId,
          sessionTimeoutMs: this.options.sessionTimeoutMs,
          rebalanceTimeoutMs: this.options.rebalanceTimeoutMs,
          memberId: this.memberId,
          groupInstanceId: this.options.groupInstanceId,
          protocolType: 'consumer',
          protocols,
          reason: this.rejoinReason,
        },
        { timeoutMs: this.options.rebalanceTimeoutMs + 5000 },
      );
      if (join.errorCode === 79) {
        // MEMBER_ID_REQUIRED: join again with the id the coordinator gave us.
        this.memberId = join.memberId;
        continue;
      }
      if (join.errorCode !== 0) {
        await this.onJoinError(join.errorCode, attempt, 'JoinGroup');
        continue;
      }
      this.rejoinReason = null;
      this.memberId = join.memberId;
      this.generationId = join.generationId;
      this.protocolName = join.protocolName;
      const protocol = this.options.assignors.find((a) => a.name === join.protocolName);
      if (!protocol) throw new KafkaClientError(`group chose unknown protocol ${String(join.protocolName)}`, { code: 'INCONSISTENT_GROUP_PROTOCOL', errorCode: 23 });
      let assignments: Array<{ memberId: string; assignment: Buffer }> = [];
      if (join.leader === join.memberId && !join.skipAssignment) {
        assignments = await this.assignAsLeader(protocol, join.members);
      }
      const sync = await conn.request(
        syncGroupApi,
        {
          groupId,
          generationId: this.generationId,
          memberId: this.memberId,
          groupInstanceId: this.options.groupInstanceId,
          protocolType: 'consumer',
          protocolName: join.protocolName,
          assignments,
        },
        { timeoutMs: this.options.rebalanceTimeoutMs + 5000, decodeFallback: syncErrorFallback },
      );
      if (sync.errorCode === 42 && attempt < 5) {
        // librdkafka's mock cluster answers a SyncGroup that arrives after the group is stable this way: rejoin.
        continue;
      }
      if (sync.errorCode !== 0) {
        await this.onJoinError(sync.errorCode, attempt, 'SyncGroup');
        continue;
      }
      const assignment = decodeAssignment(sync.assignment);
      protocol.onAssignment?.(assignment, this.generationId);
      this.needsRejoin = false;
      this.lost = false;
      this.startHeartbeats();
      return { assignment, generationId: this.generationId, protocol };
    }
  }

  private async onJoinError(code: number, attempt: number, what: string): Promise<void> {
    if (code === 27) return; // REBALANCE_IN_PROGRESS: join again right away
    if (LOST_CODES.has(code)) {
      if (code === 82) throw brokerError(code, `${what}(${this.options.groupId})`);
      this.memberId = '';
      this.generationId = -1;
      this.lostInJoin = true;
      return;
    }
    if (COORDINATOR_CODES.has(code) || code === 14) {
      if (attempt < 20) {
        await sleep(backoffDelay(this.cluster.options, attempt));
        return;
      }
    }
    throw brokerError(code, `${what}(${this.options.groupId})`);
  }

  private async assignAsLeader(
    protocol: PartitionAssignor,
    members: Array<{ memberId: string; groupInstanceId?: string | null; metadata: Buffer }>,
  ): Promise<Array<{ memberId: string; assignment: Buffer }>> {
    const infos: GroupMemberInfo[] = members.map((m) => ({
      memberId: m.memberId,
      groupInstanceId: m.groupInstanceId ?? null,
      subscription: decodeSubscription(m.metadata),
    }));
    const allTopics = new Set<string>();
    for (const m of infos) for (const t of m.subscription.topics) allTopics.add(t);
    // Fresh metadata: the assignment must see partitions added since the last refresh.
    await this.cluster.ensureTopics(allTopics).catch(() => undefined);
    await this.cluster.refreshMetadata().catch(() => undefined);
    const partitionsPerTopic = new Map<string, number>();
    for (const t of allTopics) {
      const n = this.cluster.partitionCount(t);
      if (n !== undefined) partitionsPerTopic.set(t, n);
    }
    const result = await protocol.assign({ members: infos, partitionsPerTopic, generationId: this.generationId });
    if (this.rebalanceProtocol === 'cooperative') withholdOwnedElsewhere(result, infos);
    return infos.map((m) => ({
      memberId: m.memberId,
      assignment: encodeAssignment(result.get(m.memberId) ?? { partitions: [], userData: null }),
    }));
  }

  private startHeartbeats(): void {
    this.stopHeartbeats();
    this.heartbeatTimer = setInterval(() => void this.heartbeat(), this.options.heartbeatIntervalMs);
  }

  stopHeartbeats(): void {
    if (this.heartbeatTimer) clearInterval(this.heartbeatTimer);
    this.heartbeatTimer = undefined;
  }

  private async heartbeat(): Promise<void> {
    if (this.heartbeatInFlight || this.needsRejoin || this.stopped) return;
    this.heartbeatInFlight = true;
    try {
      const coordinator = await this.cluster.findCoordinator(this.options.groupId, 0);
      const conn = await this.cluster.connection(coordinator, 'group');
      const res = await conn.request(heartbeatApi, {
        groupId: this.options.groupId,
        generationId: this.generationId,
        memberId: this.memberId,
        groupInstanceId: this.options.groupInstanceId,
      });
      if (res.errorCode === 0) return;
      if (REJOIN_CODES.has(res.errorCode)) {
        this.requestRejoin();
      } else if (LOST_CODES.has(res.errorCode)) {
        this.lost = true;
        if (res.errorCode !== 82) {
          this.memberId = this.options.groupInstanceId ? this.memberId : '';
          this.generationId = -1;
        } else {
          this.lastHeartbeatError = brokerError(res.errorCode, `Heartbeat(${this.options.groupId})`);
        }
        this.requestRejoin();
      }
    } catch (err) {
      this.lastHeartbeatError = err instanceof Error ? err : new Error(String(err));
    } finally {
      this.heartbeatInFlight = false;
    }
  }

  requestRejoin(reason?: string): void {
    if (this.needsRejoin) return;
    if (reason !== undefined) this.rejoinReason = reason;
    this.needsRejoin = true;
    this.stopHeartbeats();
    this.onRejoinNeeded();
  }

  /** Stops heartbeating without leaving: the coordinator drops the member when its session expires. */
  abandon(): void {
    this.stopped = true;
    this.stopHeartbeats();
  }

  /** Leaves the group (dynamic members; a static member keeps its slot until the session expires). */
  async leave(): Promise<void> {
    this.stopped = true;
    this.stopHeartbeats();
    if (!this.memberId || this.options.groupInstanceId) return;
    try {
      const coordinator = await this.cluster.findCoordinator(this.options.groupId, 0);
      const conn = await this.cluster.connection(coordinator, 'group');
      const version = conn.versionFor(leaveGroupApi);
      await conn.request(
        leaveGroupApi,
        version >= 3
          ? { groupId: this.options.groupId, members: [{ memberId: this.memberId, groupInstanceId: null, reason: 'consumer closed' }] }
          : { groupId: this.options.groupId, memberId: this.memberId },
        { version },
      );
    } catch {
      // Leaving is best effort: the session timeout removes the member anyway.
    }
    this.memberId = '';
    this.generationId = -1;
  }
}

/** Cooperative protocol: a partition another member still owns is not handed out until it is revoked. */
function withholdOwnedElsewhere(result: Map<string, Assignment>, members: GroupMemberInfo[]): void {
  // When two members claim a partition (one of them missed a rebalance), the newer generation wins.
  const owner = new Map<string, { memberId: string; generationId: number }>();
  for (const m of members) {
    for (const tp of m.subscription.ownedPartitions) {
      for (const p of tp.partitions) {
        const key = `${tp.topic}\u0000${p}`;
        const prev = owner.get(key);
        if (!prev || m.subscription.generationId > prev.generationId) owner.set(key, { memberId: m.memberId, generationId: m.subscription.generationId });
      }
    }
  }
  for (const [memberId, a] of result) {
    a.partitions = a.partitions
      .map((tp) => ({
        topic: tp.topic,
        partitions: tp.partitions.filter((p) => {
          const o = owner.get(`${tp.topic}\u0000${p}`);
          return o === undefined || o.memberId === memberId;
        }),
      }))
      .filter((tp) => tp.partitions.length > 0);
  }
}

/** A SyncGroup error response with a null assignment (seen from librdkafka's mock): keep the error code. */
function syncErrorFallback(frame: Buffer, version: number): { errorCode: number; assignment: Buffer } {
  if (version >= 4) throw new KafkaClientError('malformed SyncGroup response', { code: 'MALFORMED_MESSAGE' });
  const at = 4 + (version >= 1 ? 4 : 0);
  const errorCode = frame.readInt16BE(at);
  if (errorCode === 0) throw new KafkaClientError('malformed SyncGroup response', { code: 'MALFORMED_MESSAGE' });
  return { errorCode, assignment: Buffer.alloc(0) };
}
