// Where the group coordinator persists what must survive a restart: group metadata (generation,
// protocol, members with their subscription and assignment), committed offsets, and transactional
// offsets still pending. Kafka writes these to __consumer_offsets; the dev broker keeps its own
// append-only JSON-lines file (see file-group-log.ts) and an in-memory no-op for memory mode.

export interface PersistedMember {
  readonly memberId: string;
  readonly groupInstanceId: string | null;
  readonly clientId: string;
  readonly clientHost: string;
  readonly rebalanceTimeoutMs: number;
  readonly sessionTimeoutMs: number;
  readonly subscription: Uint8Array;
  readonly assignment: Uint8Array;
}

export interface PersistedGroup {
  readonly groupId: string;
  readonly protocolType: string | null;
  readonly generationId: number;
  readonly protocolName: string | null;
  readonly leaderId: string | null;
  readonly members: readonly PersistedMember[];
}

export interface CommittedOffset {
  readonly offset: bigint;
  readonly leaderEpoch: number;
  readonly metadata: string | null;
  readonly commitTimestamp: number;
}

export interface OffsetEntry {
  readonly topic: string;
  readonly partition: number;
  /** null deletes the committed offset. */
  readonly value: CommittedOffset | null;
}

export interface LoadedGroupState {
  readonly groups: readonly PersistedGroup[];
  readonly offsets: ReadonlyMap<string, readonly OffsetEntry[]>;
  /** groupId -> producerId -> pending transactional offsets. */
  readonly pendingTxnOffsets: ReadonlyMap<string, ReadonlyMap<bigint, readonly OffsetEntry[]>>;
}

export interface GroupLog {
  load(): LoadedGroupState;
  writeGroup(group: PersistedGroup): void;
  deleteGroup(groupId: string): void;
  writeOffsets(groupId: string, entries: readonly OffsetEntry[]): void;
  writeTxnOffsets(groupId: string, producerId: bigint, entries: readonly OffsetEntry[]): void;
  /** The transaction of producerId ended: its pending offsets became committed (or were dropped). */
  completeTxnOffsets(groupId: string, producerId: bigint, committed: boolean, commitTimestamp: number): void;
  close(): void;
}

/** Memory mode: nothing to persist. */
export class MemoryGroupLog implements GroupLog {
  load(): LoadedGroupState {
    return { groups: [], offsets: new Map(), pendingTxnOffsets: new Map() };
  }
  writeGroup(): void {}
  deleteGroup(): void {}
  writeOffsets(): void {}
  writeTxnOffsets(): void {}
  completeTxnOffsets(): void {}
  close(): void {}
}
