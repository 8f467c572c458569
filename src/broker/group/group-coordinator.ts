// The group coordinator for the classic protocol: JoinGroup / SyncGroup / Heartbeat / LeaveGroup,
// committed offsets, describe/list/delete. Semantics follow Apache Kafka's classic group
// coordinator; this is our own design: a synchronous state machine driven by a KeyedTimer, every
// change made from one call path (the broker's event loop), parked JoinGroup/SyncGroup requests
// answered through callbacks.
import { randomUUID } from 'node:crypto';
import { ClassicGroup, EMPTY_BYTES, GroupMember, joinError, syncError } from './classic-group.js';
import type { JoinCallback, SyncCallback } from './classic-group.js';
import { subscribedTopics } from './consumer-protocol.js';
import { ErrorCode } from './error-codes.js';
import { MemoryGroupLog } from './group-log.js';
import type { CommittedOffset, GroupLog, OffsetEntry, PersistedGroup } from './group-log.js';
import type { KeyedTimer } from './keyed-timer.js';
import type {
  DescribedGroup,
  FetchedOffset,
  GroupStateName,
  HeartbeatInput,
  JoinGroupInput,
  LeaveGroupInput,
  LeaveGroupResult,
  ListedGroup,
  OffsetCommitInput,
  OffsetCommitPartition,
  OffsetFetchInput,
  OffsetFetchResult,
  SyncGroupInput,
  TopicPartitionErrors,
} from './types.js';

export interface GroupCoordinatorOptions {
  readonly timer: KeyedTimer;
  /** Persistence (disk mode); default keeps everything in memory. */
  readonly log?: GroupLog;
  /** group.initial.rebalance.delay.ms: how long a new group waits for more members. Kafka: 3000. Default 100. */
  readonly initialRebalanceDelayMs?: number;
  /** group.min.session.timeout.ms. Kafka: 6000. Default 100 (short sessions make tests fast). */
  readonly minSessionTimeoutMs?: number;
  /** group.max.session.timeout.ms. Default 1800000. */
  readonly maxSessionTimeoutMs?: number;
  /** group.max.size. Default unlimited. */
  readonly maxGroupSize?: number;
  /** How long a new member's parked JoinGroup may wait before it is dropped. Kafka: 300000. */
  readonly newMemberJoinTimeoutMs?: number;
  /** offset.metadata.max.bytes. Default 4096. */
  readonly maxOffsetMetadataBytes?: number;
  /** Commits to partitions that do not exist get UNKNOWN_TOPIC_OR_PARTITION. Default: all exist. */
  readonly partitionExists?: (topic: string, partition: number) => boolean;
  readonly generateMemberId?: (clientId: string, groupInstanceId: string | null) => string;
}



export class GroupCoordinator {
  private readonly groups = new Map<string, ClassicGroup>();
  /** groupId -> topic -> partition -> committed offset */
  private readonly offsets = new Map<string, Map<string, Map<number, CommittedOffset>>>();
  /** groupId -> producerId -> topic -> partition -> pending transactional offset */
  private readonly pendingTxn = new Map<string, Map<bigint, Map<string, Map<number, CommittedOffset>>>>();
  private readonly timer: KeyedTimer;
  private readonly log: GroupLog;
  private readonly initialRebalanceDelayMs: number;
  private readonly minSessionTimeoutMs: number;
  private readonly maxSessionTimeoutMs: number;
  private readonly maxGroupSize: number;
  private readonly newMemberJoinTimeoutMs: number;
  private readonly maxOffsetMetadataBytes: number;
  private readonly partitionExists: (topic: string, partition: number) => boolean;
  private readonly generateMemberId: (clientId: string, groupInstanceId: string | null) => string;

  constructor(options: GroupCoordinatorOptions) {
    this.timer = options.timer;
    this.log = options.log ?? new MemoryGroupLog();
    this.initialRebalanceDelayMs = options.initialRebalanceDelayMs ?? 100;
    this.minSessionTimeoutMs = options.minSessionTimeoutMs ?? 100;
    this.maxSessionTimeoutMs = options.maxSessionTimeoutMs ?? 1_800_000;
    this.maxGroupSize = options.maxGroupSize ?? Number.MAX_SAFE_INTEGER;
    this.newMemberJoinTimeoutMs = options.newMemberJoinTimeoutMs ?? 300_000;
    this.maxOffsetMetadataBytes = options.maxOffsetMetadataBytes ?? 4096;
    this.partitionExists = options.partitionExists ?? (() => true);
    this.generateMemberId =
      options.generateMemberId ?? ((clientId, instanceId) => `${instanceId ?? clientId}-${randomUUID()}`);
    this.restore();
  }

  close(): void {
    this.log.close();
  }

  // ---------------------------------------------------------------- JoinGroup

  joinGroup(req: JoinGroupInput, respond: JoinCallback): void {
    if (req.groupId === '') return respond(joinError(req.memberId, ErrorCode.INVALID_GROUP_ID));
    if (req.sessionTimeoutMs < this.minSessionTimeoutMs || req.sessionTimeoutMs > this.maxSessionTimeoutMs) {
      return respond(joinError(req.memberId, ErrorCode.INVALID_SESSION_TIMEOUT));
    }
    const isUnknown = req.memberId === '';
    let group = this.groups.get(req.groupId);
    if (group === undefined) {
      if (!isUnknown) return respond(joinError(req.memberId, ErrorCode.UNKNOWN_MEMBER_ID));
      group = new ClassicGroup(req.groupId, this.timer.now());
      this.groups.set(req.groupId, group);
    }
    if (!this.acceptJoiningMember(group, req.memberId)) {
      respond(joinError(isUnknown ? '' : req.memberId, ErrorCode.GROUP_MAX_SIZE_REACHED));
    } else if (isUnknown) {
      this.joinNewMember(group, req, respond);
    } else {
      this.joinExistingMember(group, req, respond);
    }
    if (group.state === 'Empty' && group.members.size === 0 && group.pendingMembers.size === 0 && !this.offsets.has(group.groupId)) {
      this.groups.delete(group.groupId);
    }
  }

  private acceptJoiningMember(group: ClassicGroup, memberId: string): boolean {
    switch (group.state) {
      case 'Empty':
      case 'Dead':
        return true;
      case 'PreparingRebalance': {
        const m = group.members.get(memberId);
        return (m !== undefined && m.isAwaitingJoin) || group.numAwaitingJoin() < this.maxGroupSize;
      }
      default:
        return group.hasMember(memberId) || group.members.size < this.maxGroupSize;
    }
  }

  private joinNewMember(group: ClassicGroup, req: JoinGroupInput, respond: JoinCallback): void {
    if (!group.supportsProtocols(req.protocolType, req.protocols)) {
      return respond(joinError('', ErrorCode.INCONSISTENT_GROUP_PROTOCOL));
    }
    const newMemberId = this.generateMemberId(req.clientId, req.groupInstanceId);
    if (req.groupInstanceId !== null) {
      const existing = group.staticMembers.get(req.groupInstanceId);
      if (existing !== undefined) return this.replaceStaticMember(group, req, existing, newMemberId, respond);
      return this.addMemberAndRebalance(group, req, newMemberId, respond);
    }
    if (req.requireKnownMemberId) {
      group.pendingMembers.add(newMemberId);
      this.timer.schedule(heartbeatKey(group.groupId, newMemberId), req.sessionTimeoutMs, () =>
        this.expireHeartbeat(group.groupId, newMemberId),
      );
      return respond(joinError(newMemberId, ErrorCode.MEMBER_ID_REQUIRED));
    }
    this.addMemberAndRebalance(group, req, newMemberId, respond);
  }

  private joinExistingMember(group: ClassicGroup, req: JoinGroupInput, respond: JoinCallback): void {
    const memberId = req.memberId;
    if (!group.supportsProtocols(req.protocolType, req.protocols)) {
      return respond(joinError(memberId, ErrorCode.INCONSISTENT_GROUP_PROTOCOL));
    }
    if (group.pendingMembers.has(memberId)) {
      if (req.groupInstanceId !== null) return respond(joinError(memberId, ErrorCode.INVALID_REQUEST));
      return this.addMemberAndRebalance(group, req, memberId, respond);
    }
    const error = group.validateMember(memberId, req.groupInstanceId);
    if (error !== ErrorCode.NONE) return respond(joinError(memberId, error));
    const member = group.members.get(memberId)!;
    switch (group.state) {
      case 'PreparingRebalance':
        return this.updateMemberAndRebalance(group, member, req, respond);
      case 'CompletingRebalance':
        if (member.matches(req.protocols)) {
          // The member missed its JoinGroup response: answer again for the current generation.
          return respond(this.joinResponse(group, memberId, group.isLeader(memberId), false, group.leaderId ?? ''));
        }
        return this.updateMemberAndRebalance(group, member, req, respond);
      case 'Stable':
        if (group.isLeader(memberId) || !member.matches(req.protocols)) {
          // A leader's rejoin forces a rebalance (it may have seen metadata change).
          return this.updateMemberAndRebalance(group, member, req, respond);
        }
        return respond(this.joinResponse(group, memberId, false, false, group.leaderId ?? ''));
      default:
        return respond(joinError(memberId, ErrorCode.UNKNOWN_MEMBER_ID));
    }
  }

  private joinResponse(group: ClassicGroup, memberId: string, withMembers: boolean, skipAssignment: boolean, leader: string) {
    return {
      errorCode: ErrorCode.NONE,
      generationId: group.generationId,
      protocolType: group.protocolType,
      protocolName: group.protocolName,
      leader,
      skipAssignment,
      memberId,
      members: withMembers ? group.leaderJoinMembers() : [],
    };
  }

  private addMemberAndRebalance(group: ClassicGroup, req: JoinGroupInput, memberId: string, respond: JoinCallback): void {
    const member = new GroupMember(
      memberId,
      req.groupInstanceId,
      req.clientId,
      req.clientHost,
      req.rebalanceTimeoutMs,
      req.sessionTimeoutMs,
      req.protocolType,
      req.protocols,
    );
    member.isNew = true;
    if (group.state === 'PreparingRebalance' && group.previousState === 'Empty') group.newMemberAdded = true;
    group.add(member, respond);
    this.scheduleHeartbeat(group, member, this.newMemberJoinTimeoutMs);
    this.maybePrepareRebalanceOrCompleteJoin(group);
  }

  private updateMemberAndRebalance(group: ClassicGroup, member: GroupMember, req: JoinGroupInput, respond: JoinCallback): void {
    group.updateProtocols(member, req.protocols);
    member.rebalanceTimeoutMs = req.rebalanceTimeoutMs;
    member.sessionTimeoutMs = req.sessionTimeoutMs;
    const previous = member.joinCallback;
    member.joinCallback = respond;
    // A duplicate parked JoinGroup is answered first, so responses stay in request order.
    previous?.(joinError(member.memberId, ErrorCode.REBALANCE_IN_PROGRESS));
    this.maybePrepareRebalanceOrCompleteJoin(group);
  }

  private replaceStaticMember(
    group: ClassicGroup,
    req: JoinGroupInput,
    oldMemberId: string,
    newMemberId: string,
    respond: JoinCallback,
  ): void {
    const currentLeader = group.leaderId ?? '';
    this.timer.cancel(heartbeatKey(group.groupId, oldMemberId));
    const member = group.replaceStaticMember(req.groupInstanceId!, oldMemberId, newMemberId);
    this.scheduleHeartbeat(group, member, member.sessionTimeoutMs);
    group.updateProtocols(member, req.protocols);
    member.rebalanceTimeoutMs = req.rebalanceTimeoutMs;
    member.sessionTimeoutMs = req.sessionTimeoutMs;
    member.clientId = req.clientId;
    member.clientHost = req.clientHost;
    switch (group.state) {
      case 'Stable':
        if (group.selectProtocol() === group.protocolName) {
          // Same protocol: the restarted instance keeps its assignment without a rebalance.
          this.persistGroup(group);
          if (req.supportsSkipAssignment) {
            const isLeader = group.isLeader(newMemberId);
            respond(this.joinResponse(group, newMemberId, isLeader, isLeader, group.leaderId ?? ''));
          } else {
            // Older clients: name the previous leader id so this member never re-runs the assignment.
            respond(this.joinResponse(group, newMemberId, false, false, currentLeader));
          }
          return;
        }
        member.joinCallback = respond;
        return this.maybePrepareRebalanceOrCompleteJoin(group);
      case 'CompletingRebalance':
        // The leader may have assigned to the old member id: rebalance.
        member.joinCallback = respond;
        return this.prepareRebalance(group);
      default:
        member.joinCallback = respond;
        return this.maybeCompleteJoinPhase(group);
    }
  }

  private maybePrepareRebalanceOrCompleteJoin(group: ClassicGroup): void {
    if (group.state === 'Stable' || group.state === 'CompletingRebalance' || group.state === 'Empty') {
      this.prepareRebalance(group);
    } else {
      this.maybeCompleteJoinPhase(group);
    }
  }

  private maybeCompleteJoinPhase(group: ClassicGroup): void {
    if (group.state !== 'PreparingRebalance') return;
    if (group.previousState === 'Empty') return; // the initial delay completes it
    if (group.hasAllMembersJoined()) this.completeJoin(group);
  }

  private prepareRebalance(group: ClassicGroup): void {
    if (group.state === 'CompletingRebalance') this.resetAndPropagateAssignment(group, ErrorCode.REBALANCE_IN_PROGRESS);
    group.pendingSyncMembers.clear();
    this.timer.cancel(syncKey(group.groupId));
    const isInitial = group.state === 'Empty';
    group.transitionTo('PreparingRebalance', this.timer.now());
    if (isInitial) {
      const delay = this.initialRebalanceDelayMs;
      const remaining = Math.max(group.rebalanceTimeoutMs() - delay, 0);
      this.timer.schedule(joinKey(group.groupId), delay, () => this.tryCompleteInitialRebalance(group.groupId, delay, remaining));
      return;
    }
    if (group.hasAllMembersJoined()) {
      this.completeJoin(group);
    } else {
      this.timer.schedule(joinKey(group.groupId), group.rebalanceTimeoutMs(), () => this.completeJoinById(group.groupId));
    }
  }

  private tryCompleteInitialRebalance(groupId: string, delay: number, remaining: number): void {
    const group = this.groups.get(groupId);
    if (group === undefined) return;
    if (group.newMemberAdded && remaining !== 0) {
      group.newMemberAdded = false;
      const nextDelay = Math.min(this.initialRebalanceDelayMs, remaining);
      const nextRemaining = Math.max(remaining - delay, 0);
      this.timer.schedule(joinKey(groupId), nextDelay, () => this.tryCompleteInitialRebalance(groupId, nextDelay, nextRemaining));
    } else {
      this.completeJoin(group);
    }
  }

  private completeJoinById(groupId: string): void {
    const group = this.groups.get(groupId);
    if (group !== undefined) this.completeJoin(group);
  }

  private completeJoin(group: ClassicGroup): void {
    this.timer.cancel(joinKey(group.groupId));
    // Dynamic members that did not rejoin in time are out; static ones keep their place.
    for (const m of [...group.members.values()]) {
      if (!m.isAwaitingJoin && m.groupInstanceId === null) {
        group.remove(m.memberId);
        this.timer.cancel(heartbeatKey(group.groupId, m.memberId));
      }
    }
    if (!group.maybeElectNewJoinedLeader() && group.members.size > 0) {
      // Nobody rejoined: wait another round until session expiry clears the silent members.
      this.timer.schedule(joinKey(group.groupId), group.rebalanceTimeoutMs(), () => this.completeJoinById(group.groupId));
      return;
    }
    group.generationId++;
    group.pendingSyncMembers.clear();
    if (group.members.size === 0) {
      group.protocolName = null;
      group.transitionTo('Empty', this.timer.now());
      this.persistGroup(group);
      return;
    }
    group.protocolName = group.selectProtocol();
    group.transitionTo('CompletingRebalance', this.timer.now());
    const leader = group.leaderId ?? '';
    for (const member of group.members.values()) {
      const respond = member.joinCallback;
      member.joinCallback = null;
      respond?.(this.joinResponse(group, member.memberId, group.isLeader(member.memberId), false, leader));
      this.scheduleHeartbeat(group, member, member.sessionTimeoutMs);
      member.isNew = false;
      group.pendingSyncMembers.add(member.memberId);
    }
    const generation = group.generationId;
    this.timer.schedule(syncKey(group.groupId), group.rebalanceTimeoutMs(), () => this.expirePendingSync(group.groupId, generation));
  }

  private expirePendingSync(groupId: string, generationId: number): void {
    const group = this.groups.get(groupId);
    if (group === undefined || group.generationId !== generationId) return;
    if (group.state !== 'CompletingRebalance' && group.state !== 'Stable') return;
    if (group.pendingSyncMembers.size === 0) return;
    for (const memberId of [...group.pendingSyncMembers]) {
      this.dropMember(group, memberId);
    }
    this.prepareRebalance(group);
  }

  // ---------------------------------------------------------------- SyncGroup

  syncGroup(req: SyncGroupInput, respond: SyncCallback): void {
    const group = this.groups.get(req.groupId);
    if (group === undefined) return respond(syncError(ErrorCode.UNKNOWN_MEMBER_ID));
    const error = group.validateMember(req.memberId, req.groupInstanceId);
    if (error !== ErrorCode.NONE) return respond(syncError(error));
    if (req.generationId !== group.generationId) return respond(syncError(ErrorCode.ILLEGAL_GENERATION));
    if (
      (req.protocolType !== null && req.protocolType !== group.protocolType) ||
      (req.protocolName !== null && req.protocolName !== group.protocolName)
    ) {
      return respond(syncError(ErrorCode.INCONSISTENT_GROUP_PROTOCOL));
    }
    const member = group.members.get(req.memberId)!;
    switch (group.state) {
      case 'PreparingRebalance':
        return respond(syncError(ErrorCode.REBALANCE_IN_PROGRESS));
      case 'CompletingRebalance': {
        const previous = member.syncCallback;
        member.syncCallback = respond;
        previous?.(syncError(ErrorCode.REBALANCE_IN_PROGRESS));
        this.markSynced(group, req.memberId);
        if (group.isLeader(req.memberId)) {
          const byMember = new Map<string, Uint8Array>();
          for (const a of req.assignments) byMember.set(a.memberId, a.assignment);
          for (const m of group.members.values()) m.assignment = byMember.get(m.memberId) ?? EMPTY_BYTES;
          this.persistGroup(group);
          this.propagateAssignment(group, ErrorCode.NONE);
          group.transitionTo('Stable', this.timer.now());
        }
        return;
      }
      case 'Stable':
        this.markSynced(group, req.memberId);
        return respond({
          errorCode: ErrorCode.NONE,
          protocolType: group.protocolType,
          protocolName: group.protocolName,
          assignment: member.assignment,
        });
      default:
        return respond(syncError(ErrorCode.UNKNOWN_MEMBER_ID));
    }
  }

  private markSynced(group: ClassicGroup, memberId: string): void {
    if (group.pendingSyncMembers.delete(memberId) && group.pendingSyncMembers.size === 0) {
      this.timer.cancel(syncKey(group.groupId));
    }
  }

  private resetAndPropagateAssignment(group: ClassicGroup, errorCode: number): void {
    for (const m of group.members.values()) m.assignment = EMPTY_BYTES;
    this.propagateAssignment(group, errorCode);
  }

  private propagateAssignment(group: ClassicGroup, errorCode: number): void {
    const ok = errorCode === ErrorCode.NONE;
    for (const member of group.members.values()) {
      const respond = member.syncCallback;
      if (respond === null) continue;
      member.syncCallback = null;
      respond({
        errorCode,
        protocolType: ok ? group.protocolType : null,
        protocolName: ok ? group.protocolName : null,
        assignment: member.assignment,
      });
      this.scheduleHeartbeat(group, member, member.sessionTimeoutMs);
    }
  }

  // ---------------------------------------------------------------- Heartbeat, expiry, LeaveGroup

  heartbeat(req: HeartbeatInput): number {
    const group = this.groups.get(req.groupId);
    if (group === undefined) return ErrorCode.UNKNOWN_MEMBER_ID;
    const error = group.validateMember(req.memberId, req.groupInstanceId);
    if (error !== ErrorCode.NONE) return error;
    if (req.generationId !== group.generationId) return ErrorCode.ILLEGAL_GENERATION;
    const member = group.members.get(req.memberId)!;
    switch (group.state) {
      case 'PreparingRebalance':
        this.scheduleHeartbeat(group, member, member.sessionTimeoutMs);
        return ErrorCode.REBALANCE_IN_PROGRESS;
      case 'CompletingRebalance':
      case 'Stable':
        this.scheduleHeartbeat(group, member, member.sessionTimeoutMs);
        return ErrorCode.NONE;
      default:
        return ErrorCode.UNKNOWN_MEMBER_ID;
    }
  }

  private scheduleHeartbeat(group: ClassicGroup, member: GroupMember, timeoutMs: number): void {
    const memberId = member.memberId;
    this.timer.schedule(heartbeatKey(group.groupId, memberId), timeoutMs, () => this.expireHeartbeat(group.groupId, memberId));
  }

  private expireHeartbeat(groupId: string, memberId: string): void {
    const group = this.groups.get(groupId);
    if (group === undefined) return;
    if (group.pendingMembers.has(memberId)) {
      group.pendingMembers.delete(memberId);
      if (group.state === 'PreparingRebalance' && group.hasAllMembersJoined()) this.maybeCompleteAfterRemoval(group);
      return;
    }
    const member = group.members.get(memberId);
    if (member === undefined) return;
    const satisfied = !member.isNew && (member.isAwaitingJoin || member.isAwaitingSync);
    if (!satisfied) this.removeMemberAndUpdateGroup(group, memberId);
  }

  private maybeCompleteAfterRemoval(group: ClassicGroup): void {
    // During the initial delay the timer completes the join; otherwise complete now.
    if (group.previousState !== 'Empty') this.completeJoin(group);
  }

  /** Removes a member and answers its parked calls with UNKNOWN_MEMBER_ID. */
  private dropMember(group: ClassicGroup, memberId: string): void {
    const member = group.remove(memberId);
    this.timer.cancel(heartbeatKey(group.groupId, memberId));
    if (member === undefined) return;
    const join = member.joinCallback;
    const sync = member.syncCallback;
    member.joinCallback = null;
    member.syncCallback = null;
    join?.(joinError('', ErrorCode.UNKNOWN_MEMBER_ID));
    sync?.(syncError(ErrorCode.UNKNOWN_MEMBER_ID));
  }

  private removeMemberAndUpdateGroup(group: ClassicGroup, memberId: string): void {
    this.dropMember(group, memberId);
    if (group.state === 'Stable' || group.state === 'CompletingRebalance') {
      this.prepareRebalance(group);
    } else if (group.state === 'PreparingRebalance' && group.hasAllMembersJoined()) {
      this.maybeCompleteAfterRemoval(group);
    }
  }

  leaveGroup(req: LeaveGroupInput): LeaveGroupResult {
    const group = this.groups.get(req.groupId);
    if (group === undefined) return { errorCode: ErrorCode.UNKNOWN_MEMBER_ID, members: [] };
    const results: { memberId: string; groupInstanceId: string | null; errorCode: number }[] = [];
    const leaving: string[] = [];
    let pendingLeft = false;
    for (const { memberId, groupInstanceId } of req.members) {
      let errorCode: number = ErrorCode.NONE;
      if (groupInstanceId === null) {
        if (group.pendingMembers.has(memberId)) {
          group.pendingMembers.delete(memberId);
          this.timer.cancel(heartbeatKey(group.groupId, memberId));
          pendingLeft = true;
        } else if (!group.hasMember(memberId)) {
          errorCode = ErrorCode.UNKNOWN_MEMBER_ID;
        } else {
          leaving.push(memberId);
        }
      } else {
        const existing = group.staticMembers.get(groupInstanceId);
        if (existing === undefined) errorCode = ErrorCode.UNKNOWN_MEMBER_ID;
        else if (memberId !== '' && memberId !== existing) errorCode = ErrorCode.FENCED_INSTANCE_ID;
        else leaving.push(existing);
      }
      results.push({ memberId, groupInstanceId, errorCode });
    }
    for (const memberId of leaving) this.dropMember(group, memberId);
    if (leaving.length > 0) {
      if (group.state === 'Stable' || group.state === 'CompletingRebalance') this.prepareRebalance(group);
      else if (group.state === 'PreparingRebalance' && group.hasAllMembersJoined()) this.maybeCompleteAfterRemoval(group);
    } else if (pendingLeft && group.state === 'PreparingRebalance' && group.hasAllMembersJoined()) {
      this.maybeCompleteAfterRemoval(group);
    }
    return { errorCode: ErrorCode.NONE, members: results };
  }

  // ---------------------------------------------------------------- offsets

  commitOffsets(req: OffsetCommitInput): TopicPartitionErrors[] {
    let group = this.groups.get(req.groupId);
    let error: number = ErrorCode.NONE;
    if (req.groupId === '') {
      error = ErrorCode.INVALID_GROUP_ID;
    } else if (group === undefined) {
      if (req.generationId < 0) {
        group = new ClassicGroup(req.groupId, this.timer.now());
        this.groups.set(req.groupId, group);
      } else {
        error = req.apiVersion >= 9 ? ErrorCode.GROUP_ID_NOT_FOUND : ErrorCode.ILLEGAL_GENERATION;
      }
    } else {
      error = this.validateOffsetCommit(group, req.memberId, req.groupInstanceId, req.generationId, false);
    }
    if (error === ErrorCode.NONE && group !== undefined && group.members.size > 0) {
      const member = group.members.get(req.memberId);
      if (member !== undefined) this.scheduleHeartbeat(group, member, member.sessionTimeoutMs);
    }
    const now = this.timer.now();
    const accepted: OffsetEntry[] = [];
    const result = req.topics.map((t) => ({
      name: t.name,
      partitions: t.partitions.map((p) => {
        let code = error;
        if (code === ErrorCode.NONE) code = this.checkCommit(t.name, p.partition, p.metadata);
        if (code === ErrorCode.NONE) {
          accepted.push({
            topic: t.name,
            partition: p.partition,
            value: { offset: p.offset, leaderEpoch: p.leaderEpoch, metadata: p.metadata, commitTimestamp: now },
          });
        }
        return { partition: p.partition, errorCode: code };
      }),
    }));
    if (accepted.length > 0) {
      this.log.writeOffsets(req.groupId, accepted);
      for (const e of accepted) this.setOffset(req.groupId, e.topic, e.partition, e.value);
    }
    return result;
  }

  private checkCommit(topic: string, partition: number, metadata: string | null): number {
    if (!this.partitionExists(topic, partition)) return ErrorCode.UNKNOWN_TOPIC_OR_PARTITION;
    if (metadata !== null && Buffer.byteLength(metadata) > this.maxOffsetMetadataBytes) return ErrorCode.OFFSET_METADATA_TOO_LARGE;
    return ErrorCode.NONE;
  }

  private validateOffsetCommit(
    group: ClassicGroup,
    memberId: string,
    groupInstanceId: string | null,
    generationId: number,
    transactional: boolean,
  ): number {
    if (generationId < 0 && group.state === 'Empty') return ErrorCode.NONE;
    if (generationId >= 0 || memberId !== '' || groupInstanceId !== null) {
      const error = group.validateMember(memberId, groupInstanceId);
      if (error !== ErrorCode.NONE) return error;
      if (generationId !== group.generationId) return ErrorCode.ILLEGAL_GENERATION;
    } else if (!transactional && group.state !== 'Empty') {
      return ErrorCode.UNKNOWN_MEMBER_ID;
    }
    if (!transactional && group.state === 'CompletingRebalance') return ErrorCode.REBALANCE_IN_PROGRESS;
    return ErrorCode.NONE;
  }

  private setOffset(groupId: string, topic: string, partition: number, value: CommittedOffset | null): void {
    let byTopic = this.offsets.get(groupId);
    if (byTopic === undefined) {
      if (value === null) return;
      this.offsets.set(groupId, (byTopic = new Map()));
    }
    let byPartition = byTopic.get(topic);
    if (byPartition === undefined) {
      if (value === null) return;
      byTopic.set(topic, (byPartition = new Map()));
    }
    if (value === null) {
      byPartition.delete(partition);
      if (byPartition.size === 0) byTopic.delete(topic);
      if (byTopic.size === 0) this.offsets.delete(groupId);
    } else {
      byPartition.set(partition, value);
    }
  }

  fetchOffsets(req: OffsetFetchInput): OffsetFetchResult {
    const committed = this.offsets.get(req.groupId);
    const pending = req.requireStable ? this.pendingTxn.get(req.groupId) : undefined;
    const isUnstable = (topic: string, partition: number): boolean => {
      if (pending === undefined) return false;
      for (const byTopic of pending.values()) if (byTopic.get(topic)?.has(partition) === true) return true;
      return false;
    };
    const answer = (topic: string, partition: number): FetchedOffset => {
      if (isUnstable(topic, partition)) {
        return { partition, offset: -1n, leaderEpoch: -1, metadata: null, errorCode: ErrorCode.UNSTABLE_OFFSET_COMMIT };
      }
      const c = committed?.get(topic)?.get(partition);
      if (c === undefined) return { partition, offset: -1n, leaderEpoch: -1, metadata: '', errorCode: ErrorCode.NONE };
      return { partition, offset: c.offset, leaderEpoch: c.leaderEpoch, metadata: c.metadata ?? '', errorCode: ErrorCode.NONE };
    };
    if (req.topics === null) {
      const topics: { name: string; partitions: FetchedOffset[] }[] = [];
      const names = new Set<string>(committed?.keys() ?? []);
      if (pending !== undefined) for (const byTopic of pending.values()) for (const t of byTopic.keys()) names.add(t);
      for (const name of names) {
        const parts = new Set<number>(committed?.get(name)?.keys() ?? []);
        if (pending !== undefined) for (const byTopic of pending.values()) for (const p of byTopic.get(name)?.keys() ?? []) parts.add(p);
        topics.push({ name, partitions: [...parts].sort((a, b) => a - b).map((p) => answer(name, p)) });
      }
      return { errorCode: ErrorCode.NONE, topics };
    }
    return {
      errorCode: ErrorCode.NONE,
      topics: req.topics.map((t) => ({ name: t.name, partitions: t.partitions.map((p) => answer(t.name, p)) })),
    };
  }

  deleteOffsets(groupId: string, topics: readonly { name: string; partitions: readonly number[] }[]): {
    errorCode: number;
    topics: TopicPartitionErrors[];
  } {
    const group = this.groups.get(groupId);
    if (group === undefined) return { errorCode: ErrorCode.GROUP_ID_NOT_FOUND, topics: [] };
    let subscribed = new Set<string>();
    if (group.state !== 'Empty') {
      if (group.protocolType !== 'consumer') return { errorCode: ErrorCode.NON_EMPTY_GROUP, topics: [] };
      subscribed = this.subscribedTopics(group);
    }
    const removed: OffsetEntry[] = [];
    const result = topics.map((t) => ({
      name: t.name,
      partitions: t.partitions.map((p) => {
        if (subscribed.has(t.name)) return { partition: p, errorCode: ErrorCode.GROUP_SUBSCRIBED_TO_TOPIC };
        if (this.offsets.get(groupId)?.get(t.name)?.has(p) === true) removed.push({ topic: t.name, partition: p, value: null });
        return { partition: p, errorCode: ErrorCode.NONE };
      }),
    }));
    if (removed.length > 0) {
      this.log.writeOffsets(groupId, removed);
      for (const e of removed) this.setOffset(groupId, e.topic, e.partition, null);
    }
    return { errorCode: ErrorCode.NONE, topics: result };
  }

  private subscribedTopics(group: ClassicGroup): Set<string> {
    const out = new Set<string>();
    const protocol = group.protocolName;
    for (const m of group.members.values()) {
      const metadata = protocol !== null ? m.metadataFor(protocol) : (m.protocols[0]?.metadata ?? EMPTY_BYTES);
      for (const t of subscribedTopics(metadata)) out.add(t);
    }
    return out;
  }

  // ---------------------------------------------------------------- transactional offsets

  /** TxnOffsetCommit's group checks (generation and member id as exactly-once v2 sends them). */
  validateTxnOffsetCommit(groupId: string, generationId: number, memberId: string, groupInstanceId: string | null): number {
    const group = this.groups.get(groupId);
    if (group === undefined) {
      return generationId >= 0 || memberId !== '' || groupInstanceId !== null ? ErrorCode.ILLEGAL_GENERATION : ErrorCode.NONE;
    }
    return this.validateOffsetCommit(group, memberId, groupInstanceId, generationId, true);
  }

  /** Records offsets committed inside a transaction; they become visible when it commits. */
  addTxnOffsets(
    groupId: string,
    producerId: bigint,
    topics: readonly { name: string; partitions: readonly OffsetCommitPartition[] }[],
  ): TopicPartitionErrors[] {
    const now = this.timer.now();
    const accepted: OffsetEntry[] = [];
    const result = topics.map((t) => ({
      name: t.name,
      partitions: t.partitions.map((p) => {
        const code = this.checkCommit(t.name, p.partition, p.metadata);
        if (code === ErrorCode.NONE) {
          accepted.push({
            topic: t.name,
            partition: p.partition,
            value: { offset: p.offset, leaderEpoch: p.leaderEpoch, metadata: p.metadata, commitTimestamp: now },
          });
        }
        return { partition: p.partition, errorCode: code };
      }),
    }));
    if (accepted.length === 0) return result;
    if (!this.groups.has(groupId)) this.groups.set(groupId, new ClassicGroup(groupId, now));
    this.log.writeTxnOffsets(groupId, producerId, accepted);
    for (const e of accepted) this.setPending(groupId, producerId, e.topic, e.partition, e.value!);
    return result;
  }

  private setPending(groupId: string, producerId: bigint, topic: string, partition: number, value: CommittedOffset): void {
    let byPid = this.pendingTxn.get(groupId);
    if (byPid === undefined) this.pendingTxn.set(groupId, (byPid = new Map()));
    let byTopic = byPid.get(producerId);
    if (byTopic === undefined) byPid.set(producerId, (byTopic = new Map()));
    let byPartition = byTopic.get(topic);
    if (byPartition === undefined) byTopic.set(topic, (byPartition = new Map()));
    byPartition.set(partition, value);
  }

  hasPendingTxnOffsets(groupId: string): boolean {
    return this.pendingTxn.has(groupId);
  }

  /** The transaction of producerId ended: materialise (commit) or discard (abort) its offsets. */
  completeTxnOffsets(producerId: bigint, groupIds: Iterable<string>, commit: boolean): void {
    const now = this.timer.now();
    for (const groupId of groupIds) {
      const byPid = this.pendingTxn.get(groupId);
      const byTopic = byPid?.get(producerId);
      if (byPid === undefined || byTopic === undefined) continue;
      this.log.completeTxnOffsets(groupId, producerId, commit, now);
      byPid.delete(producerId);
      if (byPid.size === 0) this.pendingTxn.delete(groupId);
      if (!commit) continue;
      for (const [topic, byPartition] of byTopic) {
        for (const [partition, value] of byPartition) this.setOffset(groupId, topic, partition, { ...value, commitTimestamp: now });
      }
    }
  }

  // ---------------------------------------------------------------- describe, list, delete

  describeGroups(groupIds: readonly string[], apiVersion: number): DescribedGroup[] {
    return groupIds.map((groupId) => {
      const group = this.groups.get(groupId);
      if (group === undefined) {
        return {
          errorCode: apiVersion >= 6 ? ErrorCode.GROUP_ID_NOT_FOUND : ErrorCode.NONE,
          groupId,
          groupState: 'Dead' as GroupStateName,
          protocolType: '',
          protocolData: '',
          members: [],
        };
      }
      const stable = group.state === 'Stable';
      const protocol = stable ? (group.protocolName ?? '') : '';
      return {
        errorCode: ErrorCode.NONE,
        groupId,
        groupState: group.state,
        protocolType: group.protocolType ?? '',
        protocolData: protocol,
        members: [...group.members.values()].map((m) => ({
          memberId: m.memberId,
          groupInstanceId: m.groupInstanceId,
          clientId: m.clientId,
          clientHost: m.clientHost,
          metadata: stable ? m.metadataFor(protocol) : EMPTY_BYTES,
          assignment: stable ? m.assignment : EMPTY_BYTES,
        })),
      };
    });
  }

  /** states: ListGroups v4 filter (case-insensitive); empty or null means all. */
  listGroups(states: readonly string[] | null): ListedGroup[] {
    const wanted = states === null || states.length === 0 ? null : new Set(states.map((s) => s.toLowerCase()));
    const out: ListedGroup[] = [];
    for (const g of this.groups.values()) {
      if (wanted !== null && !wanted.has(g.state.toLowerCase())) continue;
      out.push({ groupId: g.groupId, protocolType: g.protocolType ?? '', groupState: g.state });
    }
    return out;
  }

  deleteGroups(groupIds: readonly string[]): { groupId: string; errorCode: number }[] {
    return groupIds.map((groupId) => {
      const group = this.groups.get(groupId);
      if (group === undefined) return { groupId, errorCode: ErrorCode.GROUP_ID_NOT_FOUND };
      if (group.state !== 'Empty') return { groupId, errorCode: ErrorCode.NON_EMPTY_GROUP };
      group.transitionTo('Dead', this.timer.now());
      this.groups.delete(groupId);
      this.offsets.delete(groupId);
      this.pendingTxn.delete(groupId);
      this.timer.cancel(joinKey(groupId));
      this.log.deleteGroup(groupId);
      return { groupId, errorCode: ErrorCode.NONE };
    });
  }

  /** Group state for tests and the admin view. */
  groupState(groupId: string): { state: GroupStateName; generationId: number; leaderId: string | null; members: string[] } | null {
    const g = this.groups.get(groupId);
    if (g === undefined) return null;
    return { state: g.state, generationId: g.generationId, leaderId: g.leaderId, members: [...g.members.keys()] };
  }

  // ---------------------------------------------------------------- persistence

  private persistGroup(group: ClassicGroup): void {
    const protocol = group.protocolName;
    const snapshot: PersistedGroup = {
      groupId: group.groupId,
      protocolType: group.protocolType,
      generationId: group.generationId,
      protocolName: protocol,
      leaderId: group.leaderId,
      members: [...group.members.values()].map((m) => ({
        memberId: m.memberId,
        groupInstanceId: m.groupInstanceId,
        clientId: m.clientId,
        clientHost: m.clientHost,
        rebalanceTimeoutMs: m.rebalanceTimeoutMs,
        sessionTimeoutMs: m.sessionTimeoutMs,
        subscription: protocol === null ? EMPTY_BYTES : m.metadataFor(protocol),
        assignment: m.assignment,
      })),
    };
    this.log.writeGroup(snapshot);
  }

  private restore(): void {
    const loaded = this.log.load();
    const now = this.timer.now();
    for (const p of loaded.groups) {
      const group = new ClassicGroup(p.groupId, now);
      group.generationId = p.generationId;
      group.protocolType = p.protocolType;
      group.protocolName = p.protocolName;
      for (const pm of p.members) {
        const member = new GroupMember(
          pm.memberId,
          pm.groupInstanceId,
          pm.clientId,
          pm.clientHost,
          pm.rebalanceTimeoutMs,
          pm.sessionTimeoutMs,
          p.protocolType ?? '',
          [{ name: p.protocolName ?? '', metadata: pm.subscription }],
        );
        member.assignment = pm.assignment;
        group.add(member, null);
      }
      group.leaderId = p.leaderId !== null && group.hasMember(p.leaderId) ? p.leaderId : group.leaderId;
      if (group.members.size > 0) {
        group.transitionTo('Stable', now);
        // Members from before the restart must heartbeat within their session or leave.
        for (const m of group.members.values()) this.scheduleHeartbeat(group, m, m.sessionTimeoutMs);
      }
      this.groups.set(p.groupId, group);
    }
    for (const [groupId, entries] of loaded.offsets) {
      if (!this.groups.has(groupId)) this.groups.set(groupId, new ClassicGroup(groupId, now));
      for (const e of entries) this.setOffset(groupId, e.topic, e.partition, e.value);
    }
    for (const [groupId, byPid] of loaded.pendingTxnOffsets) {
      if (!this.groups.has(groupId)) this.groups.set(groupId, new ClassicGroup(groupId, now));
      for (const [pid, entries] of byPid) {
        for (const e of entries) if (e.value !== null) this.setPending(groupId, pid, e.topic, e.partition, e.value);
      }
    }
  }
}

function heartbeatKey(groupId: string, memberId: string): string {
  return `group-heartbeat:${groupId}:${memberId}`;
}

function joinKey(groupId: string): string {
  return `group-join:${groupId}`;
}

function syncKey(groupId: string): string {
  return `group-sync:${groupId}`;
}
