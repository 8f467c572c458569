// Reads changelog partitions through one assign-mode consumer per thread (Kafka's StoreChangelogReader):
// active tasks restore up to the end offset seen when they were assigned, then start processing;
// standby tasks apply their changelogs continuously. Under exactly-once the consumer is read_committed
// (aborted transactions are skipped) and active restoration ends at the last stable offset.
import type { Admin, Consumer } from '../../../client/index.js';
import type { BatchRestoreCallback, ReaderRestoreCallback, StateRestoreCallback } from '../../processor/state-store.js';
import type { StateRestoreListener } from './restore-listener.js';
import { recordStoreRestore } from '../../metrics/store-metrics-binding.js';
import { nowMs } from '../../metrics/sensors.js';
import { FetchedChangelogReader } from './fetched-changelog-reader.js';
import { StreamsError } from '../../errors/streams-error.js';

export interface ChangelogPartition {
  readonly topic: string;
  readonly partition: number;
  readonly storeName: string;
  /** the store itself: its restore time is recorded in its metrics (`recordStoreRestore`) */
  readonly store?: unknown;
  readonly restore: StateRestoreCallback;
  /** restores many records at once (the store's bulk path); absent: `restore` per record */
  readonly restoreBatch?: BatchRestoreCallback | undefined;
  /** restores the records of a reader in place (preferred over `restoreBatch`: no object per record) */
  readonly restoreFrom?: ReaderRestoreCallback | undefined;
  /** the task's count of changelog records applied (`restore-total` of an active task, `update-total` of a standby), if recorded */
  readonly appliedSensor?: { record(n: number): void } | null;
  /** where to start: checkpointed offset, or -1 for the start of the log */
  readonly startOffset: number;
  /** active restoration stops here; standbys never stop */
  endOffset: number;
  readonly kind: 'active' | 'standby';
  readonly taskId: string;
  /** next offset to apply (the checkpoint a standby writes) */
  position: number;
  restored: number;
  done: boolean;
}

const key = (topic: string, partition: number): string => `${topic}:${partition}`;

export class ChangelogRestorer {
  private readonly partitions = new Map<string, ChangelogPartition>();
  /** records restored since start (bench/tests) */
  totalRestored = 0;
  private readonly reader = new FetchedChangelogReader();

  constructor(
    private readonly consumer: Consumer,
    private readonly admin: Admin,
    private readonly listener: () => StateRestoreListener | undefined,
    /** exactly-once: the consumer reads committed data only, and active restoration ends at the last stable offset */
    private readonly options: { readCommitted?: boolean } = {},
  ) {}

  /** Registers changelog partitions of a task; actives learn their end offsets first. */
  async add(entries: Array<Omit<ChangelogPartition, 'endOffset' | 'position' | 'restored' | 'done'>>): Promise<void> {
    if (entries.length === 0) return;
    const actives = entries.filter((e) => e.kind === 'active');
    const ends = new Map<string, number>();
    const starts = new Map<string, number>();
    if (entries.length > 0) {
      const [latest, earliest] = await Promise.all([
        this.admin.listOffsets(
          entries.map((e) => ({ topic: e.topic, partition: e.partition, spec: 'latest' as const })),
          this.options.readCommitted === true ? { isolationLevel: 'read_committed' } : {},
        ),
        this.admin.listOffsets(entries.map((e) => ({ topic: e.topic, partition: e.partition, spec: 'earliest' as const }))),
      ]);
      for (const r of latest) ends.set(key(r.topic, r.partition), Number(r.offset));
      for (const r of earliest) starts.set(key(r.topic, r.partition), Number(r.offset));
    }
    for (const e of entries) {
      const k = key(e.topic, e.partition);
      const logStart = starts.get(k) ?? 0;
      const start = e.startOffset >= logStart ? e.startOffset : logStart;
      const p: ChangelogPartition = { ...e, startOffset: start, endOffset: ends.get(k) ?? 0, position: start, restored: 0, done: false };
      if (p.kind === 'active' && p.position >= p.endOffset) p.done = true;
      this.partitions.set(k, p);
      if (p.kind === 'active') this.listener()?.onRestoreStart?.({ topic: p.topic, partition: p.partition }, p.storeName, start, p.endOffset);
      if (p.kind === 'active' && p.done) this.listener()?.onRestoreEnd?.({ topic: p.topic, partition: p.partition }, p.storeName, 0);
    }
    this.reassign();
    for (const e of entries) {
      const p = this.partitions.get(key(e.topic, e.partition))!;
      if (!p.done) this.consumer.seek({ topic: p.topic, partition: p.partition, offset: p.position });
    }
    void actives;
  }

  /** Stops reading the changelogs of a task; returns their partitions as they were (positions for checkpoints). */
  remove(taskId: string): ChangelogPartition[] {
    const removed: ChangelogPartition[] = [];
    for (const [k, p] of this.partitions) {
      if (p.taskId === taskId) {
        removed.push(p);
        this.partitions.delete(k);
      }
    }
    if (removed.length > 0) this.reassign();
    return removed;
  }

  private reassign(): void {
    const wanted = [...this.partitions.values()].filter((p) => !p.done).map((p) => ({ topic: p.topic, partition: p.partition }));
    this.consumer.assign(wanted);
  }

  /** true while some active task still restores */
  restoringActive(): boolean {
    for (const p of this.partitions.values()) if (p.kind === 'active' && !p.done) return true;
    return false;
  }

  isTaskRestored(taskId: string): boolean {
    for (const p of this.partitions.values()) if (p.taskId === taskId && p.kind === 'active' && !p.done) return false;
    return true;
  }

  hasWork(): boolean {
    for (const p of this.partitions.values()) if (!p.done) return true;
    return false;
  }

  /** changelog records an active task still has to restore (0 once restored) */
  remaining(taskId: string): number {
    let n = 0;
    for (const p of this.partitions.values()) if (p.taskId === taskId && p.kind === 'active' && !p.done) n += Math.max(0, p.endOffset - p.position);
    return n;
  }

  /**
   * Whether a task's stores hold what its changelogs held when it was registered: true once each
   * partition was read up to the end offset seen then (or the consumer saw no lag, past transaction
   * markers). A new standby restoring from scratch is not caught up: it would answer queries with
   * partial state (absent keys, low counts); nor is a task whose changelogs are not registered (yet).
   */
  caughtUp(taskId: string): boolean {
    let registered = false;
    for (const p of this.partitions.values()) {
      if (p.taskId !== taskId) continue;
      registered = true;
      if (p.done || p.position >= p.endOffset) continue;
      if (this.consumer.currentLag({ topic: p.topic, partition: p.partition }) !== 0) return false;
    }
    return registered;
  }

  positions(taskId: string): Map<string, number> {
    const out = new Map<string, number>();
    for (const p of this.partitions.values()) if (p.taskId === taskId) out.set(key(p.topic, p.partition), p.position);
    return out;
  }

  /** One poll of the restore consumer; applies what arrived. Returns the number of records applied. */
  async poll(timeoutMs: number): Promise<number> {
    if (!this.hasWork()) return 0;
    // fetched chunks, one per partition and fetch response, decoded as the stores read them
    const chunks = await this.consumer.pollFetched({ timeoutMs, maxRecords: 10_000 });
    let applied = 0;
    /** records applied in this poll per partition (a partition may get several chunks) */
    const touched = new Map<ChangelogPartition, number>();
    const reader = this.reader;
    let last: ChangelogPartition | undefined;
    for (const chunk of chunks) {
      const p = last !== undefined && last.partition === chunk.partition && last.topic === chunk.topic ? last : this.partitions.get(key(chunk.topic, chunk.partition));
      last = p;
      if (p === undefined || p.done) continue;
      // an active task restores up to the end offset it saw when it was assigned
      reader.reset(chunk, p.kind === 'active' ? p.endOffset : Number.POSITIVE_INFINITY);
      // each chunk goes to its store at once (one batch restore, one clock read), not record by record
      // through the store's layers
      const t0 = nowMs();
      if (p.restoreFrom !== undefined) p.restoreFrom(reader);
      else if (p.restoreBatch !== undefined) {
        const records = reader.toRecords();
        if (records.length > 0) p.restoreBatch(records, 0, records.length);
      } else {
        for (let r = reader.nextRecord(); r !== null; r = reader.nextRecord()) if (r.key !== null) p.restore(r.key, r.value, r.timestamp);
      }
      // records a store left unread would be skipped silently: its position would pass them
      if (!reader.exhausted) throw new StreamsError(`store ${p.storeName} did not restore every record of ${p.topic}-${p.partition} it was given`, { code: 'RESTORE_INCOMPLETE' });
      const n = reader.count;
      if (n === 0) continue;
      recordStoreRestore(p.store, nowMs() - t0);
      p.appliedSensor?.record(n);
      p.position = reader.lastOffset + 1;
      p.restored += n;
      applied += n;
      touched.set(p, (touched.get(p) ?? 0) + n);
    }
    this.totalRestored += applied;
    let finished = false;
    // as Kafka's: the offset of the batch's last record and the batch's own count
    for (const [p, n] of touched) {
      if (p.kind === 'active') this.listener()?.onBatchRestored?.({ topic: p.topic, partition: p.partition }, p.storeName, p.position - 1, n);
    }
    for (const p of this.partitions.values()) {
      if (p.kind !== 'active' || p.done) continue;
      if (p.position < p.endOffset) {
        // compaction gaps and transaction markers: the consumer position tells where the log really is
        const pos = await this.consumer.position({ topic: p.topic, partition: p.partition }).catch(() => p.position);
        if (pos > p.position && chunks.length === 0) p.position = pos;
      }
      if (p.position >= p.endOffset) {
        p.done = true;
        finished = true;
        this.listener()?.onRestoreEnd?.({ topic: p.topic, partition: p.partition }, p.storeName, p.restored);
      }
    }
    if (finished) this.reassign();
    return applied;
  }
}
