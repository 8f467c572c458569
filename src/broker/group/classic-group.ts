// One classic-protocol group: its members, generation, chosen protocol and state. Pure data plus
// the rules that only look at the group itself (protocol support and selection, validation);
// the coordinator drives the transitions and the timers.
import { ErrorCode } from './error-codes.js';
import type { GroupProtocol, GroupStateName, JoinGroupMember, JoinGroupResult, SyncGroupResult } from './types.js';

export type JoinCallback = (result: JoinGroupResult) => void;
export type SyncCallback = (result: SyncGroupResult) => void;

export const EMPTY_BYTES: Uint8Array = new Uint8Array(0);

export class GroupMember {
  assignment: Uint8Array = EMPTY_BYTES;
  joinCallback: JoinCallback | null = null;
  syncCallback: SyncCallback | null = null;
  /** Joined during the current rebalance and not yet through one: may be expired while waiting. */
  isNew = false;

  constructor(
    public memberId: string,
    public readonly groupInstanceId: string | null,
    public clientId: string,
    public clientHost: string,
    public rebalanceTimeoutMs: number,
    public sessionTimeoutMs: number,
    public protocolType: string,
    public protocols: readonly GroupProtocol[],
  ) {}

  get isAwaitingJoin(): boolean {
    return this.joinCallback !== null;
  }

  get isAwaitingSync(): boolean {
    return this.syncCallback !== null;
  }

  metadataFor(protocol: string): Uint8Array {
    const found = this.protocols.find((p) => p.name === protocol);
    return found === undefined ? EMPTY_BYTES : found.metadata;
  }

  /** Same protocols, in the same order, with byte-identical metadata. */
  matches(protocols: readonly GroupProtocol[]): boolean {
    if (protocols.length !== this.protocols.length) return false;
    for (let i = 0; i < protocols.length; i++) {
      const a = protocols[i]!;
      const b = this.protocols[i]!;
      if (a.name !== b.name || !bytesEqual(a.metadata, b.metadata)) return false;
    }
    return true;
  }

  /** The member's most preferred protocol among the candidates. */
  vote(candidates: ReadonlySet<string>): string {
    for (const p of this.protocols) if (candidates.has(p.name)) return p.name;
    throw new Error(`member ${this.memberId} supports none of the candidate protocols`);
  }
}

export class ClassicGroup {
  state: GroupStateName = 'Empty';
  previousState: GroupStateName = 'Empty';
  generationId = 0;
  protocolType: string | null = null;
  protocolName: string | null = null;
  leaderId: string | null = null;
  stateTimestamp: number;
  readonly members = new Map<string, GroupMember>();
  /** Dynamic members told MEMBER_ID_REQUIRED that have not rejoined yet. */
  readonly pendingMembers = new Set<string>();
  /** Members that got their JoinGroup response but have not sent SyncGroup. */
  readonly pendingSyncMembers = new Set<string>();
  readonly staticMembers = new Map<string, string>();
  /** A member joined during the initial (delayed) rebalance: extend the delay. */
  newMemberAdded = false;
  private readonly protocolSupport = new Map<string, number>();

  constructor(
    public readonly groupId: string,
    now: number,
  ) {
    this.stateTimestamp = now;
  }

  transitionTo(state: GroupStateName, now: number): void {
    this.previousState = this.state;
    this.state = state;
    this.stateTimestamp = now;
  }

  isLeader(memberId: string): boolean {
    return this.leaderId === memberId;
  }

  hasMember(memberId: string): boolean {
    return this.members.has(memberId);
  }

  add(member: GroupMember, joinCallback: JoinCallback | null): void {
    if (this.members.size === 0) this.protocolType = member.protocolType;
    if (this.leaderId === null) this.leaderId = member.memberId;
    this.members.set(member.memberId, member);
    if (member.groupInstanceId !== null) this.staticMembers.set(member.groupInstanceId, member.memberId);
    for (const p of member.protocols) this.protocolSupport.set(p.name, (this.protocolSupport.get(p.name) ?? 0) + 1);
    member.joinCallback = joinCallback;
    this.pendingMembers.delete(member.memberId);
  }

  remove(memberId: string): GroupMember | undefined {
    this.pendingMembers.delete(memberId);
    this.pendingSyncMembers.delete(memberId);
    const member = this.members.get(memberId);
    if (member === undefined) return undefined;
    this.members.delete(memberId);
    for (const p of member.protocols) this.protocolSupport.set(p.name, (this.protocolSupport.get(p.name) ?? 1) - 1);
    if (member.groupInstanceId !== null && this.staticMembers.get(member.groupInstanceId) === memberId) {
      this.staticMembers.delete(member.groupInstanceId);
    }
    if (this.leaderId === memberId) {
      const next = this.members.keys().next();
      this.leaderId = next.done === true ? null : next.value;
    }
    return member;
  }

  updateProtocols(member: GroupMember, protocols: readonly GroupProtocol[]): void {
    for (const p of member.protocols) this.protocolSupport.set(p.name, (this.protocolSupport.get(p.name) ?? 1) - 1);
    member.protocols = protocols;
    for (const p of protocols) this.protocolSupport.set(p.name, (this.protocolSupport.get(p.name) ?? 0) + 1);
  }

  /** Re-keys a static member under a new member id; the old id's parked calls are fenced. */
  replaceStaticMember(instanceId: string, oldMemberId: string, newMemberId: string): GroupMember {
    const member = this.members.get(oldMemberId);
    if (member === undefined) throw new Error(`static member ${instanceId} has no member ${oldMemberId}`);
    const fencedJoin = member.joinCallback;
    const fencedSync = member.syncCallback;
    member.joinCallback = null;
    member.syncCallback = null;
    fencedJoin?.(joinError(oldMemberId, ErrorCode.FENCED_INSTANCE_ID));
    fencedSync?.(syncError(ErrorCode.FENCED_INSTANCE_ID));
    this.members.delete(oldMemberId);
    member.memberId = newMemberId;
    this.members.set(newMemberId, member);
    this.staticMembers.set(instanceId, newMemberId);
    if (this.leaderId === oldMemberId) this.leaderId = newMemberId;
    if (this.pendingSyncMembers.delete(oldMemberId)) this.pendingSyncMembers.add(newMemberId);
    return member;
  }

  /** Kafka's rule: in Empty any non-empty protocol list goes; otherwise same type and one protocol all support. */
  supportsProtocols(protocolType: string, protocols: readonly GroupProtocol[]): boolean {
    if (this.state === 'Empty' && this.members.size === 0) return protocolType !== '' && protocols.length > 0;
    if (this.protocolType !== protocolType) return false;
    const size = this.members.size;
    return protocols.some((p) => (this.protocolSupport.get(p.name) ?? 0) === size);
  }

  candidateProtocols(): Set<string> {
    const out = new Set<string>();
    for (const [name, count] of this.protocolSupport) if (count === this.members.size) out.add(name);
    return out;
  }

  /**
   * The protocol for the next generation: among those every member supports, each member votes
   * for its most preferred one and the most votes win. Kafka leaves ties to hash order; here the
   * leader's preference order breaks them, so the choice is deterministic.
   */
  selectProtocol(): string {
    if (this.members.size === 0) throw new Error('cannot select a protocol for an empty group');
    const candidates = this.candidateProtocols();
    const votes = new Map<string, number>();
    for (const m of this.members.values()) {
      const choice = m.vote(candidates);
      votes.set(choice, (votes.get(choice) ?? 0) + 1);
    }
    const leader = this.leaderId === null ? undefined : this.members.get(this.leaderId);
    const order = (leader ?? this.members.values().next().value!).protocols.map((p) => p.name);
    let best: string | null = null;
    let bestVotes = -1;
    for (const name of order) {
      const v = votes.get(name) ?? 0;
      if (v > bestVotes) {
        best = name;
        bestVotes = v;
      }
    }
    if (best === null) throw new Error('no protocol selected');
    return best;
  }

  numAwaitingJoin(): number {
    let n = 0;
    for (const m of this.members.values()) if (m.isAwaitingJoin) n++;
    return n;
  }

  hasAllMembersJoined(): boolean {
    return this.numAwaitingJoin() === this.members.size && this.pendingMembers.size === 0;
  }

  /** If the leader has not rejoined, the first member that has becomes leader. */
  maybeElectNewJoinedLeader(): boolean {
    if (this.leaderId !== null) {
      const leader = this.members.get(this.leaderId);
      if (leader !== undefined && leader.isAwaitingJoin) return true;
    }
    for (const m of this.members.values()) {
      if (m.isAwaitingJoin) {
        this.leaderId = m.memberId;
        return true;
      }
    }
    return false;
  }

  /**
   * Which error a member id / instance id pair gets: a static instance mapped to another member
   * id is fenced, an unknown member is unknown.
   */
  validateMember(memberId: string, groupInstanceId: string | null): number {
    if (groupInstanceId !== null) {
      const existing = this.staticMembers.get(groupInstanceId);
      if (existing === undefined) return ErrorCode.UNKNOWN_MEMBER_ID;
      if (existing !== memberId) return ErrorCode.FENCED_INSTANCE_ID;
    }
    return this.members.has(memberId) ? ErrorCode.NONE : ErrorCode.UNKNOWN_MEMBER_ID;
  }

  leaderJoinMembers(): JoinGroupMember[] {
    const protocol = this.protocolName ?? '';
    return [...this.members.values()].map((m) => ({
      memberId: m.memberId,
      groupInstanceId: m.groupInstanceId,
      metadata: m.metadataFor(protocol),
    }));
  }

  /** Largest rebalance timeout among the members: how long a rebalance waits for rejoins. */
  rebalanceTimeoutMs(): number {
    let max = 0;
    for (const m of this.members.values()) max = Math.max(max, m.rebalanceTimeoutMs);
    return max;
  }
}

export function joinError(memberId: string, errorCode: number): JoinGroupResult {
  return {
    errorCode,
    generationId: -1,
    protocolType: null,
    protocolName: null,
    leader: '',
    skipAssignment: false,
    memberId,
    members: [],
  };
}

export function syncError(errorCode: number): SyncGroupResult {
  return { errorCode, protocolType: null, protocolName: null, assignment: EMPTY_BYTES };
}

function bytesEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.byteLength !== b.byteLength) return false;
  for (let i = 0; i < a.byteLength; i++) if (a[i] !== b[i]) return false;
  return true;
}
