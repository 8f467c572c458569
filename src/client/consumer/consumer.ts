// The consumer: group mode (`subscribe`) or assign mode (`assign`, no group). `poll()` returns up to
// `maxPollRecords` buffered records; fetches run ahead in the background (one in flight per leader) while
// the application processes. Rebalances happen inside `poll()` (callbacks awaited there), heartbeats
// keep running on their own timer.
import { fetchApi, type FetchRequest, type FetchResponse } from '../../protocol/messages/fetch.js';
import type { Decoded } from '../../protocol/decoded.js';
import { brokerError, METADATA_REFRESH_CODES } from '../broker-error.js';
import { ClientClosedError, ConfigError, KafkaClientError } from '../errors.js';
import { Cluster } from '../network/cluster.js';
import { resolveClientOptions } from '../options.js';
import type { ConsumerGroupMetadata } from '../producer/types.js';
import { rangeAssignor } from './assignors.js';
import type { TopicPartitions } from './consumer-protocol.js';
import { FetchedRecords } from './fetched-records.js';
import { GroupMember } from './group-member.js';
import { commitOffsets, EARLIEST, fetchCommitted, LATEST, listOffsets, type CommitRequest } from './offsets.js';
import type { CommittedOffset, ConsumerOptions, ConsumerRecord, TopicPartition } from './types.js';

const MAX_FETCH_VERSION = 12; // v13+ addresses topics by id

/** The longest a fetch waits at the broker while some of its leader's partitions are left out of it (see `maybeFetch`). */
const PARTIAL_WAIT_MS = 50;

interface PartitionState {
  topic: string;
  partition: number;
  /** Next offset poll() returns; -1 until initialized. */
  position: number;
  /** Next offset to fetch (ahead of `position` by what is buffered). */
  fetchOffset: number;
  paused: boolean;
  /** Fetched records not returned yet, oldest first (each decoded lazily as it is taken). */
  buffer: FetchedRecords[];
  /** Records in `buffer`. */
  buffered: number;
  /** Bumped on seek so in-flight fetch results for old offsets are dropped. */
  epoch: number;
  /** Leader epoch of the last record returned (for commits). */
  leaderEpoch: number;
  highWatermark: number;
  /** Last stable offset from the last fetch response (-1 when unknown); read_committed lag is measured to it. */
  lastStableOffset: number;
  /** In a fetch request awaiting its response. */
  inFlight: boolean;
}

const key = (topic: string, partition: number): string => `${topic}\u0000${partition}`;

export class Consumer {
  private readonly cluster: Cluster;
  private readonly options: ConsumerOptions;
  private readonly member: GroupMember | undefined;
  /**
   * The generation and member id of the last completed join: what `groupMetadata()` reports. Not the
   * member's live fields, which a failed heartbeat resets to -1 / '' in the background: a transaction's
   * offsets sent with those would pass the coordinator's check as a group-less (legacy) commit, and a
   * paused member coming back would commit its stale transaction (KIP-447 fencing needs the old identity).
   */
  private joined: { generationId: number; memberId: string } = { generationId: -1, memberId: '' };
  private readonly partitions = new Map<string, PartitionState>();
  private subscription: string[] = [];
  private mode: 'none' | 'subscribe' | 'assign' = 'none';
  /** `<node>/<lane>` of the fetch requests awaiting their response (one per lane and leader) */
  private readonly fetchesInFlight = new Set<string>();
  private dataWaiters: Array<() => void> = [];
  private closed = false;
  private connected: Promise<void> | undefined;
  private readonly maxPollRecords: number;
  private readonly maxBuffered: number;
  private readonly readCommitted: boolean;
  private pollCursor = 0;
  /** set by `wakeup()`: the current or next poll returns without waiting */
  private wokenUp = false;
  private fetchError: Error | undefined;

  constructor(options: ConsumerOptions) {
    this.options = options;
    this.cluster = new Cluster(resolveClientOptions(options), { allowAutoTopicCreation: options.allowAutoTopicCreation ?? false });
    this.maxPollRecords = options.maxPollRecords ?? 500;
    this.maxBuffered = options.maxBufferedRecordsPerPartition ?? 10_000;
    this.readCommitted = options.isolationLevel === 'read_committed';
    if (options.groupId !== undefined) {
      this.member = new GroupMember(this.cluster, {
        groupId: options.groupId,
        groupInstanceId: options.groupInstanceId ?? null,
        sessionTimeoutMs: options.sessionTimeoutMs ?? 45_000,
        rebalanceTimeoutMs: options.rebalanceTimeoutMs ?? 300_000,
        heartbeatIntervalMs: options.heartbeatIntervalMs ?? 3000,
        assignors: options.assignors ?? [rangeAssignor],
      });
      this.member.onRejoinNeeded = () => this.wakeUp();
    }
  }

  connect(): Promise<void> {
    this.connected ??= this.cluster.connect().catch((err: unknown) => {
      this.connected = undefined; // a later call tries again
      throw err;
    });
    return this.connected;
  }

  /** Joins the group for these topics (group mode). The assignment arrives during `poll()`. */
  subscribe(topics: string[]): void {
    if (!this.member) throw new ConfigError('subscribe() needs groupId; use assign() without a group');
    if (this.mode === 'assign') throw new ConfigError('consumer is in assign mode');
    this.mode = 'subscribe';
    this.subscription = [...new Set(topics)];
    this.cluster.setWantedTopics(this.subscription);
    this.member.requestRejoin();
    this.member.needsRejoin = true;
  }

  /** Assign mode: consume exactly these partitions, no group membership. */
  assign(partitions: TopicPartition[]): void {
    if (this.mode === 'subscribe') throw new ConfigError('consumer is subscribed to a group');
    this.mode = 'assign';
    const wanted = new Set(partitions.map((p) => key(p.topic, p.partition)));
    for (const k of [...this.partitions.keys()]) if (!wanted.has(k)) this.partitions.delete(k);
    for (const p of partitions) this.addPartition(p.topic, p.partition);
    this.cluster.setWantedTopics(new Set(partitions.map((p) => p.topic)));
  }

  private addPartition(topic: string, partition: number): void {
    const k = key(topic, partition);
    if (this.partitions.has(k)) return;
    this.partitions.set(k, { topic, partition, position: -1, fetchOffset: -1, paused: false, buffer: [], buffered: 0, epoch: 0, leaderEpoch: -1, highWatermark: -1, lastStableOffset: -1, inFlight: false });
  }

  /** Partitions currently assigned. */
  assignment(): TopicPartition[] {
    return [...this.partitions.values()].map((s) => ({ topic: s.topic, partition: s.partition }));
  }

  /** The group identity to pass to `producer.sendOffsetsToTransaction`: generation and member id of the last completed join. */
  groupMetadata(): ConsumerGroupMetadata {
    if (!this.member || this.options.groupId === undefined) throw new ConfigError('groupMetadata() needs groupId');
    return {
      groupId: this.options.groupId,
      generationId: this.joined.generationId,
      memberId: this.joined.memberId,
      groupInstanceId: this.options.groupInstanceId ?? null,
    };
  }

  /**
   * Asks the group for a rebalance: the member rejoins at the next `poll()` (Java's `enforceRebalance`).
   * A no-op when a rebalance is already pending. The reason goes to the coordinator with the JoinGroup.
   */
  enforceRebalance(reason?: string): void {
    if (!this.member || this.mode !== 'subscribe') throw new ConfigError('enforceRebalance() needs a subscribed group member');
    this.member.requestRejoin(reason ?? 'rebalance enforced by the application');
  }

  /**
   * The lag of an assigned partition as this consumer last saw it: high watermark (last stable offset
   * with read_committed) of the latest fetch response minus the position. Undefined while either is
   * unknown (Java's `currentLag`). Records fetched but not yet returned by `poll()` count as lag.
   */

  currentLag(tp: TopicPartition): number | undefined {
    const s = this.partitions.get(key(tp.topic, tp.partition));
    if (!s || s.position < 0) return undefined;
    const end = this.readCommitted ? s.lastStableOffset : s.highWatermark;
    if (end < 0) return undefined;
    return Math.max(0, end - s.position);
  }

  // ---- rebalancing ----

  private owned(): TopicPartitions[] {
    const byTopic = new Map<string, number[]>();
    for (const s of this.partitions.values()) {
      const l = byTopic.get(s.topic);
      if (l) l.push(s.partition);
      else byTopic.set(s.topic, [s.partition]);
    }
    return [...byTopic].map(([topic, partitions]) => ({ topic, partitions }));
  }

  private async rebalance(): Promise<void> {
    const member = this.member!;
    if (member.lost && this.partitions.size > 0) {
      const lost = this.assignment();
      this.partitions.clear();
      await this.options.onLost?.(lost);
    }
    const cooperative = member.rebalanceProtocol === 'cooperative';
    if (!cooperative && this.partitions.size > 0) {
      const revoked = this.assignment();
      await this.options.onRevoked?.(revoked);
      this.partitions.clear();
    }
    await this.connect();
    await this.cluster.ensureTopics(this.subscription).catch(() => undefined);
    const result = await member.join(this.subscription, this.owned());
    this.joined = { generationId: result.generationId, memberId: member.memberId };
    if (member.lostInJoin) {
      member.lostInJoin = false;
      if (this.partitions.size > 0) {
        const lost = this.assignment();
        this.partitions.clear();
        await this.options.onLost?.(lost);
      }
    }
    const assigned = new Set<string>();
    for (const tp of result.assignment.partitions) for (const p of tp.partitions) assigned.add(key(tp.topic, p));
    const revoked = [...this.partitions.values()].filter((s) => !assigned.has(key(s.topic, s.partition)));
    if (revoked.length > 0) {
      await this.options.onRevoked?.(revoked.map((s) => ({ topic: s.topic, partition: s.partition })));
      for (const s of revoked) this.partitions.delete(key(s.topic, s.partition));
    }
    const added: TopicPartition[] = [];
    for (const tp of result.assignment.partitions) {
      for (const p of tp.partitions) {
        if (!this.partitions.has(key(tp.topic, p))) {
          this.addPartition(tp.topic, p);
          added.push({ topic: tp.topic, partition: p });
        }
      }
    }
    await this.cluster.ensureTopics(new Set(added.map((a) => a.topic))).catch(() => undefined);
    if (added.length > 0 || revoked.length === 0) await this.options.onAssigned?.(added);
    // Cooperative: partitions given up must be offered to others in a follow-up rebalance.
    if (cooperative && revoked.length > 0) member.requestRejoin();
  }

  // ---- positions ----

  private async initPositions(): Promise<void> {
    const missing = [...this.partitions.values()].filter((s) => s.position < 0);
    if (missing.length === 0) return;
    if (this.options.groupId !== undefined) {
      const committed = await fetchCommitted(this.cluster, this.options.groupId, missing, this.readCommitted);
      for (const c of committed) {
        const s = this.partitions.get(key(c.topic, c.partition));
        if (s && s.position < 0 && c.offset >= 0) this.setPosition(s, c.offset);
      }
    }
    const reset = missing.filter((s) => s.position < 0);
    if (reset.length === 0) return;
    await this.resetPositions(reset);
  }

  private async resetPositions(states: PartitionState[]): Promise<void> {
    const policy = this.options.autoOffsetReset ?? 'latest';
    if (policy === 'none') {
      throw new KafkaClientError(`no committed offset for ${states.map((s) => `${s.topic}-${s.partition}`).join(', ')}`, { code: 'NO_OFFSET_FOR_PARTITION' });
    }
    const offsets = await listOffsets(
      this.cluster,
      states.map((s) => ({ topic: s.topic, partition: s.partition, timestamp: policy === 'earliest' ? EARLIEST : LATEST })),
      this.readCommitted ? 1 : 0,
    );
    for (const o of offsets) {
      const s = this.partitions.get(key(o.topic, o.partition));
      if (s) this.setPosition(s, o.offset);
    }
  }

  private setPosition(s: PartitionState, offset: number): void {
    s.position = offset;
    s.fetchOffset = offset;
    s.buffer = [];
    s.buffered = 0;
    s.epoch++;
  }

  /** Moves the position of a partition; the next poll returns records from `offset`. */
  seek(tp: TopicPartition & { offset: number }): void {
    const s = this.partitions.get(key(tp.topic, tp.partition));
    if (!s) throw new KafkaClientError(`seek on unassigned partition ${tp.topic}-${tp.partition}`, { code: 'ILLEGAL_STATE' });
    if (tp.offset === EARLIEST || tp.offset === LATEST) {
      s.position = -1;
      s.epoch++;
      s.buffer = [];
      s.buffered = 0;
      const policyOffset = tp.offset;
      void listOffsets(this.cluster, [{ topic: s.topic, partition: s.partition, timestamp: policyOffset }]).then(
        (r) => r[0] && s.position < 0 && this.setPosition(s, r[0].offset),
        (err: unknown) => (this.fetchError = err instanceof Error ? err : new Error(String(err))),
      );
      return;
    }
    this.setPosition(s, tp.offset);
  }

  /** Next offset poll() returns for the partition (initializing it from the group or the reset policy if needed). */
  async position(tp: TopicPartition): Promise<number> {
    const s = this.partitions.get(key(tp.topic, tp.partition));
    if (!s) throw new KafkaClientError(`position of unassigned partition ${tp.topic}-${tp.partition}`, { code: 'ILLEGAL_STATE' });
    if (s.position < 0) {
      await this.connect();
      await this.initPositions();
    }
    return s.position;
  }

  /**
   * Stops returning records of these partitions from `poll()` until they are resumed. Fetching stops
   * too, except that one fetch is read ahead for a paused partition that has nothing buffered (Java's
   * consumer has typically buffered one when an application pauses it): at most one fetch response
   * (`maxPartitionFetchBytes`) per paused partition is held.
   */
  pause(tps: TopicPartition[]): void {
    for (const tp of tps) {
      const s = this.partitions.get(key(tp.topic, tp.partition));
      if (s) s.paused = true;
    }
  }

  resume(tps: TopicPartition[]): void {
    for (const tp of tps) {
      const s = this.partitions.get(key(tp.topic, tp.partition));
      if (s) s.paused = false;
    }
    this.maybeFetch();
  }

  paused(): TopicPartition[] {
    return [...this.partitions.values()].filter((s) => s.paused).map((s) => ({ topic: s.topic, partition: s.partition }));
  }

  /** The group's committed offsets for the partitions. */
  async committed(tps: TopicPartition[]): Promise<CommittedOffset[]> {
    if (this.options.groupId === undefined) throw new ConfigError('committed() needs groupId');
    await this.connect();
    return fetchCommitted(this.cluster, this.options.groupId, tps, this.readCommitted);
  }

  /** Commits explicit offsets (next offset to consume, with optional metadata), or every current position. */
  async commit(offsets?: CommitRequest[]): Promise<void> {
    if (this.options.groupId === undefined) throw new ConfigError('commit() needs groupId');
    await this.connect();
    const list =
      offsets ??
      [...this.partitions.values()].filter((s) => s.position >= 0).map((s) => ({ topic: s.topic, partition: s.partition, offset: s.position, leaderEpoch: s.leaderEpoch }));
    if (list.length === 0) return;
    const inGroup = this.mode === 'subscribe' && this.member;
    try {
      await commitOffsets(this.cluster, this.options.groupId, list, {
        generationId: inGroup ? this.member!.generationId : -1,
        memberId: inGroup ? this.member!.memberId : '',
        groupInstanceId: inGroup ? (this.options.groupInstanceId ?? null) : null,
      });
    } catch (err) {
      const code = err instanceof KafkaClientError ? err.errorCode : undefined;
      if (inGroup && (code === 22 || code === 25)) {
        // The membership is gone (ILLEGAL_GENERATION / UNKNOWN_MEMBER_ID): the next poll treats the
        // partitions as lost and rejoins.
        this.member!.lost = true;
        this.member!.requestRejoin();
      } else if (inGroup && code === 27) {
        this.member!.requestRejoin();
      }
      throw err;
    }
  }

  // ---- fetching ----

  private wakeUp(): void {
    const w = this.dataWaiters;
    this.dataWaiters = [];
    for (const f of w) f();
  }

  /**
   * Sends a fetch to each leader for its partitions that are not in one already and have room in their
   * buffer. A fetch of partitions that are all caught up may wait at the broker (up to `fetchMaxWaitMs`,
   * for `fetchMinBytes`), so it goes on a lane of its own: partitions that have records to read (a
   * paused one resumed, a buffer drained) are fetched beside it rather than behind it. Each lane has one
   * fetch in flight per leader. A partition that is caught up when such a fetch is already waiting
   * cannot join it: so the fetch waits the full `fetchMaxWaitMs` only when it has every assigned
   * partition of its leader, else at most PARTIAL_WAIT_MS (new records of one left out, in the other
   * lane, buffered or paused, are read that soon after it wants them).
   */
  private maybeFetch(): void {
    if (this.closed) return;
    const byLeader = new Map<number, PartitionState[]>();
    const assigned = new Map<number, number>();
    for (const s of this.partitions.values()) {
      const leader = this.cluster.leaderFor(s.topic, s.partition);
      if (leader === undefined) continue;
      assigned.set(leader, (assigned.get(leader) ?? 0) + 1);
      // a paused partition gets one fetch ahead (kept, not returned, until it is resumed), so a pause
      // for backpressure does not cost a fetch round trip when it ends
      if (s.inFlight || s.fetchOffset < 0 || s.buffered >= (s.paused ? 1 : this.maxBuffered)) continue;
      const l = byLeader.get(leader);
      if (l) l.push(s);
      else byLeader.set(leader, [s]);
    }
    const maxWaitMs = this.options.fetchMaxWaitMs ?? 500;
    for (const [leader, states] of byLeader) {
      const lane = states.every((s) => this.caughtUp(s)) ? 'fetch-wait' : 'fetch';
      if (this.fetchesInFlight.has(`${leader}/${lane}`)) continue;
      const whole = states.length >= (assigned.get(leader) ?? 0);
      this.fetchFrom(leader, lane, states, whole ? maxWaitMs : Math.min(maxWaitMs, PARTIAL_WAIT_MS));
    }
  }

  /** Whether the last fetch response said there is nothing more to read now (as far as the isolation level sees). */
  private caughtUp(s: PartitionState): boolean {
    const end = this.readCommitted && s.lastStableOffset >= 0 ? s.lastStableOffset : s.highWatermark;
    return end >= 0 && s.fetchOffset >= end;
  }

  private fetchFrom(nodeId: number, lane: 'fetch' | 'fetch-wait', states: PartitionState[], maxWaitMs: number): void {
    const inFlight = `${nodeId}/${lane}`;
    this.fetchesInFlight.add(inFlight);
    for (const s of states) s.inFlight = true;
    const epochs = states.map((s) => s.epoch);
    const offsets = states.map((s) => s.fetchOffset);
    const byTopic = new Map<string, PartitionState[]>();
    for (const s of states) {
      const l = byTopic.get(s.topic);
      if (l) l.push(s);
      else byTopic.set(s.topic, [s]);
    }
    const request: FetchRequest = {
      replicaId: -1,
      maxWaitMs,
      minBytes: this.options.fetchMinBytes ?? 1,
      maxBytes: this.options.fetchMaxBytes ?? 52_428_800,
      isolationLevel: this.readCommitted ? 1 : 0,
      sessionId: 0,
      sessionEpoch: -1,
      topics: [...byTopic].map(([topic, ps]) => ({
        topic,
        partitions: ps.map((s) => ({
          partition: s.partition,
          currentLeaderEpoch: -1,
          fetchOffset: BigInt(s.fetchOffset),
          lastFetchedEpoch: -1,
          logStartOffset: -1n,
          partitionMaxBytes: this.options.maxPartitionFetchBytes ?? 1_048_576,
        })),
      })),
      forgottenTopicsData: [],
      rackId: '',
    };
    this.cluster
      .connection(nodeId, lane)
      .then((conn) =>
        conn.request(fetchApi, request, {
          version: Math.min(conn.versionFor(fetchApi), MAX_FETCH_VERSION),
          timeoutMs: this.cluster.options.requestTimeoutMs + maxWaitMs,
        }),
      )
      .then(
        (res) => {
          this.fetchesInFlight.delete(inFlight);
          for (const s of states) s.inFlight = false;
          this.onFetchResponse(res, states, epochs, offsets);
          this.maybeFetch();
        },
        (err: unknown) => {
          this.fetchesInFlight.delete(inFlight);
          for (const s of states) s.inFlight = false;
          if (this.closed) return;
          this.cluster.resetConnections(nodeId);
          this.cluster.refreshMetadata().catch(() => undefined);
          if (!(err instanceof KafkaClientError && err.retriable)) this.fetchError = err instanceof Error ? err : new Error(String(err));
          setTimeout(() => this.maybeFetch(), this.cluster.options.retryBackoffMs).unref();
          this.wakeUp();
        },
      );
  }

  private onFetchResponse(res: Decoded<FetchResponse>, states: PartitionState[], epochs: number[], offsets: number[]): void {
    if (res.errorCode) {
      this.fetchError = brokerError(res.errorCode, 'fetch');
      this.wakeUp();
      return;
    }
    let gotData = false;
    const index = new Map<string, number>();
    states.forEach((s, i) => index.set(key(s.topic, s.partition), i));
    for (const t of res.responses) {
      const topic = t.topic ?? '';
      for (const p of t.partitions) {
        const i = index.get(key(topic, p.partitionIndex));
        if (i === undefined) continue;
        const s = states[i]!;
        if (this.partitions.get(key(topic, p.partitionIndex)) !== s || s.epoch !== epochs[i] || s.fetchOffset !== offsets[i]) continue;
        if (p.errorCode !== 0) {
          if (p.errorCode === 1) {
            s.position = -1;
            s.fetchOffset = -1;
            void this.resetPositions([s]).then(
              () => this.maybeFetch(),
              (err: unknown) => (this.fetchError = err instanceof Error ? err : new Error(String(err))),
            );
          } else if (METADATA_REFRESH_CODES.has(p.errorCode)) {
            this.cluster.refreshMetadata().catch(() => undefined);
          } else {
            this.fetchError = brokerError(p.errorCode, `fetch ${topic}-${p.partitionIndex}`);
          }
          continue;
        }
        s.highWatermark = Number(p.highWatermark);
        s.lastStableOffset = p.lastStableOffset === undefined ? -1 : Number(p.lastStableOffset);
        const fetched = new FetchedRecords(topic, p.partitionIndex, p.records, s.fetchOffset, p.abortedTransactions, this.readCommitted);
        if (fetched.remaining > 0) {
          s.buffer.push(fetched);
          s.buffered += fetched.remaining;
          gotData = true;
        }
        s.fetchOffset = fetched.nextOffset;
        // nothing buffered: the position moves past what was skipped (control batches, aborted transactions)
        if (s.buffered === 0) s.position = s.fetchOffset;
      }
    }
    if (gotData) this.wakeUp();
  }

  /** The partitions to drain, starting at a different one each poll (fairness). */
  private drainOrder(): PartitionState[] {
    const states = [...this.partitions.values()];
    const n = states.length;
    const start = n === 0 ? 0 : this.pollCursor % n;
    this.pollCursor = n === 0 ? 0 : (start + 1) % n;
    return start === 0 ? states : states.slice(start).concat(states.slice(0, start));
  }

  private drainBuffered(max: number): ConsumerRecord[] {
    const out: ConsumerRecord[] = [];
    for (const s of this.drainOrder()) {
      if (out.length >= max) break;
      if (s.paused) continue;
      while (out.length < max && s.buffer.length > 0) {
        const fetched = s.buffer[0]!;
        const r = fetched.next();
        if (r === null) {
          this.tookAll(s);
          continue;
        }
        out.push(r);
        s.buffered--;
        s.position = r.offset + 1;
        s.leaderEpoch = r.leaderEpoch;
        if (fetched.remaining === 0) this.tookAll(s);
      }
    }
    return out;
  }

  /** The first fetched chunk of `s` is used up: the position moves past it (control batches included). */
  private tookAll(s: PartitionState): void {
    const fetched = s.buffer.shift()!;
    s.buffered -= fetched.remaining;
    s.position = fetched.nextOffset;
    s.leaderEpoch = fetched.lastLeaderEpoch;
  }

  private drainFetched(max: number): FetchedRecords[] {
    const out: FetchedRecords[] = [];
    let count = 0;
    for (const s of this.drainOrder()) {
      if (count >= max) break;
      if (s.paused) continue;
      while (count < max && s.buffer.length > 0) {
        const fetched = s.buffer[0]!;
        count += fetched.remaining;
        out.push(fetched);
        this.tookAll(s);
      }
    }
    return out;
  }

  /**
   * Makes a `poll()` that waits for records return now, with none (or the next `poll()` return at once
   * if none is waiting): how a thread that owns the consumer is asked to look at something else, like a
   * shutdown, without waiting out its poll timeout (Java's `wakeup()`, which throws instead).
   */
  wakeup(): void {
    this.wokenUp = true;
    this.wakeUp();
  }

  /**
   * Returns buffered records (at most `maxRecords`), waiting up to `timeoutMs` for some. Runs a pending
   * rebalance first (awaiting the callbacks). Returns [] on timeout.
   */
  async poll(options: { timeoutMs?: number; maxRecords?: number } = {}): Promise<ConsumerRecord[]> {
    return this.pollWith(options, (max) => this.drainBuffered(max));
  }

  /**
   * Like `poll()`, but returns the fetched records as they came, one lazily decoded chunk per partition and
   * fetch response, without an object per record (for a caller that buffers records itself, like a stream
   * thread). Whole chunks are returned until at least `maxRecords` records are; the position of a partition
   * moves past every chunk returned, as if its records had been returned by `poll()`.
   */
  async pollFetched(options: { timeoutMs?: number; maxRecords?: number } = {}): Promise<FetchedRecords[]> {
    return this.pollWith(options, (max) => this.drainFetched(max));
  }

  private async pollWith<T>(options: { timeoutMs?: number; maxRecords?: number }, drain: (max: number) => T[]): Promise<T[]> {
    if (this.closed) throw new ClientClosedError('consumer closed');
    const deadline = Date.now() + (options.timeoutMs ?? 1000);
    const max = options.maxRecords ?? this.maxPollRecords;
    await this.connect();
    for (;;) {
      if (this.closed) return [];
      if (this.mode === 'subscribe' && this.member?.needsRejoin) await this.rebalance();
      if (this.member?.lastHeartbeatError && this.member.lost) {
        const err = this.member.lastHeartbeatError;
        this.member.lastHeartbeatError = undefined;
        throw err;
      }
      await this.initPositions();
      if (this.fetchError) {
        const err = this.fetchError;
        this.fetchError = undefined;
        throw err;
      }
      const taken = drain(max);
      this.maybeFetch();
      if (taken.length > 0) return taken;
      const remaining = deadline - Date.now();
      if (remaining <= 0 || this.wokenUp) {
        this.wokenUp = false;
        return taken;
      }
      await new Promise<void>((resolve) => {
        const timer = setTimeout(done, remaining);
        function done(): void {
          clearTimeout(timer);
          resolve();
        }
        this.dataWaiters.push(done);
      });
    }
  }

  /**
   * Leaves the group (after onRevoked) and closes every connection. `leaveGroup: false` closes without
   * revoking or leaving (Kafka's REMAIN_IN_GROUP): the group keeps the member until its session expires.
   */
  async close(options: { leaveGroup?: boolean } = {}): Promise<void> {
    if (this.closed) return;
    if (this.member && options.leaveGroup === false) {
      this.member.abandon();
    } else if (this.member && this.mode === 'subscribe') {
      if (this.partitions.size > 0 && !this.member.lost) await this.options.onRevoked?.(this.assignment());
      await this.member.leave();
    }
    this.closed = true;
    this.wakeUp();
    this.partitions.clear();
    this.cluster.close();
  }
}
