// Disk mode persistence of the group coordinator: one append-only JSON-lines file
// (<data-dir>/__coordinator/groups.jsonl). Each line is one change; loading replays them. A torn
// last line (crash mid-write) is ignored. When the file holds far more lines than live state, it
// is rewritten as a snapshot (temp file + rename, so a crash leaves either the old or the new).
import { appendFileSync, closeSync, existsSync, fsyncSync, mkdirSync, openSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CommittedOffset, GroupLog, LoadedGroupState, OffsetEntry, PersistedGroup, PersistedMember } from './group-log.js';

type Line =
  | { t: 'group'; g: JsonGroup }
  | { t: 'delete'; id: string }
  | { t: 'offsets'; id: string; o: JsonOffset[] }
  | { t: 'txn'; id: string; pid: string; o: JsonOffset[] }
  | { t: 'txnEnd'; id: string; pid: string; commit: boolean; ts: number };

interface JsonOffset {
  tp: string;
  p: number;
  v: { o: string; e: number; m: string | null; ts: number } | null;
}

interface JsonMember extends Omit<PersistedMember, 'subscription' | 'assignment'> {
  subscription: string;
  assignment: string;
}

interface JsonGroup extends Omit<PersistedGroup, 'members'> {
  members: JsonMember[];
}

export interface FileGroupLogOptions {
  readonly dataDir: string;
  /** fsync after each change (acknowledged commits survive power loss). Default true. */
  readonly fsync?: boolean;
  /** Rewrite the file once it has this many lines more than the live state. Default 10000. */
  readonly compactAfterLines?: number;
}

export class FileGroupLog implements GroupLog {
  private readonly path: string;
  private fd: number;
  private lines = 0;
  private readonly fsync: boolean;
  private readonly compactAfterLines: number;
  // Live state mirrored here so compaction can write a snapshot without asking the coordinator.
  private groups = new Map<string, JsonGroup>();
  private offsets = new Map<string, Map<string, JsonOffset>>();
  private pending = new Map<string, Map<string, Map<string, JsonOffset>>>();

  constructor(options: FileGroupLogOptions) {
    const dir = join(options.dataDir, '__coordinator');
    mkdirSync(dir, { recursive: true });
    this.path = join(dir, 'groups.jsonl');
    this.fsync = options.fsync ?? true;
    this.compactAfterLines = options.compactAfterLines ?? 10000;
    if (existsSync(this.path)) this.replay(readFileSync(this.path, 'utf8'));
    this.fd = openSync(this.path, 'a');
  }

  load(): LoadedGroupState {
    const groups = [...this.groups.values()].map(fromJsonGroup);
    const offsets = new Map<string, OffsetEntry[]>();
    for (const [id, m] of this.offsets) offsets.set(id, [...m.values()].map(fromJsonOffset));
    const pendingTxnOffsets = new Map<string, Map<bigint, OffsetEntry[]>>();
    for (const [id, byPid] of this.pending) {
      const out = new Map<bigint, OffsetEntry[]>();
      for (const [pid, m] of byPid) out.set(BigInt(pid), [...m.values()].map(fromJsonOffset));
      pendingTxnOffsets.set(id, out);
    }
    return { groups, offsets, pendingTxnOffsets };
  }

  writeGroup(group: PersistedGroup): void {
    this.append({ t: 'group', g: toJsonGroup(group) });
  }

  deleteGroup(groupId: string): void {
    this.append({ t: 'delete', id: groupId });
  }

  writeOffsets(groupId: string, entries: readonly OffsetEntry[]): void {
    if (entries.length > 0) this.append({ t: 'offsets', id: groupId, o: entries.map(toJsonOffset) });
  }

  writeTxnOffsets(groupId: string, producerId: bigint, entries: readonly OffsetEntry[]): void {
    if (entries.length > 0) this.append({ t: 'txn', id: groupId, pid: producerId.toString(), o: entries.map(toJsonOffset) });
  }

  completeTxnOffsets(groupId: string, producerId: bigint, committed: boolean, commitTimestamp: number): void {
    this.append({ t: 'txnEnd', id: groupId, pid: producerId.toString(), commit: committed, ts: commitTimestamp });
  }

  close(): void {
    closeSync(this.fd);
  }

  private append(line: Line): void {
    this.apply(line);
    appendFileSync(this.fd, JSON.stringify(line) + '\n');
    if (this.fsync) fsyncSync(this.fd);
    this.lines++;
    if (this.lines > this.compactAfterLines + this.liveSize()) this.compact();
  }

  private liveSize(): number {
    let n = this.groups.size;
    for (const m of this.offsets.values()) n += m.size;
    for (const m of this.pending.values()) n += m.size;
    return n;
  }

  private compact(): void {
    const out: string[] = [];
    for (const g of this.groups.values()) out.push(JSON.stringify({ t: 'group', g }));
    for (const [id, m] of this.offsets) out.push(JSON.stringify({ t: 'offsets', id, o: [...m.values()] }));
    for (const [id, byPid] of this.pending) {
      for (const [pid, m] of byPid) out.push(JSON.stringify({ t: 'txn', id, pid, o: [...m.values()] }));
    }
    const tmp = this.path + '.tmp';
    writeFileSync(tmp, out.length > 0 ? out.join('\n') + '\n' : '');
    const fd = openSync(tmp, 'r+');
    fsyncSync(fd);
    closeSync(fd);
    closeSync(this.fd);
    renameSync(tmp, this.path);
    this.fd = openSync(this.path, 'a');
    this.lines = out.length;
  }

  private replay(text: string): void {
    for (const raw of text.split('\n')) {
      if (raw.length === 0) continue;
      let line: Line;
      try {
        line = JSON.parse(raw) as Line;
      } catch {
        continue; // torn tail
      }
      this.apply(line);
      this.lines++;
    }
  }

  private apply(line: Line): void {
    switch (line.t) {
      case 'group':
        this.groups.set(line.g.groupId, line.g);
        break;
      case 'delete':
        this.groups.delete(line.id);
        this.offsets.delete(line.id);
        this.pending.delete(line.id);
        break;
      case 'offsets': {
        let m = this.offsets.get(line.id);
        if (m === undefined) this.offsets.set(line.id, (m = new Map()));
        for (const o of line.o) {
          if (o.v === null) m.delete(key(o));
          else m.set(key(o), o);
        }
        break;
      }
      case 'txn': {
        let byPid = this.pending.get(line.id);
        if (byPid === undefined) this.pending.set(line.id, (byPid = new Map()));
        let m = byPid.get(line.pid);
        if (m === undefined) byPid.set(line.pid, (m = new Map()));
        for (const o of line.o) m.set(key(o), o);
        break;
      }
      case 'txnEnd': {
        const byPid = this.pending.get(line.id);
        const m = byPid?.get(line.pid);
        if (byPid === undefined || m === undefined) break;
        byPid.delete(line.pid);
        if (byPid.size === 0) this.pending.delete(line.id);
        if (!line.commit) break;
        let committed = this.offsets.get(line.id);
        if (committed === undefined) this.offsets.set(line.id, (committed = new Map()));
        for (const o of m.values()) {
          if (o.v !== null) committed.set(key(o), { ...o, v: { ...o.v, ts: line.ts } });
        }
        break;
      }
    }
  }
}

function key(o: JsonOffset): string {
  return `${o.tp}\u0000${o.p}`;
}

function toJsonOffset(e: OffsetEntry): JsonOffset {
  const v = e.value;
  return {
    tp: e.topic,
    p: e.partition,
    v: v === null ? null : { o: v.offset.toString(), e: v.leaderEpoch, m: v.metadata, ts: v.commitTimestamp },
  };
}

function fromJsonOffset(o: JsonOffset): OffsetEntry {
  const value: CommittedOffset | null =
    o.v === null ? null : { offset: BigInt(o.v.o), leaderEpoch: o.v.e, metadata: o.v.m, commitTimestamp: o.v.ts };
  return { topic: o.tp, partition: o.p, value };
}

function toJsonGroup(g: PersistedGroup): JsonGroup {
  return {
    ...g,
    members: g.members.map((m) => ({
      ...m,
      subscription: Buffer.from(m.subscription).toString('base64'),
      assignment: Buffer.from(m.assignment).toString('base64'),
    })),
  };
}

function fromJsonGroup(g: JsonGroup): PersistedGroup {
  return {
    ...g,
    members: g.members.map((m) => ({
      ...m,
      subscription: new Uint8Array(Buffer.from(m.subscription, 'base64')),
      assignment: new Uint8Array(Buffer.from(m.assignment, 'base64')),
    })),
  };
}
