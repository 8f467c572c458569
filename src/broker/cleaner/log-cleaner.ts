// The log cleaner: in the background (an unref'd timer), applies each topic's cleanup.policy to
// its partitions. "delete": retention.ms and retention.bytes move the log start offset (whole
// batches, never in the active segment). "compact": once enough of the log is dirty
// (min.cleanable.dirty.ratio), the range below the first uncleanable offset (active segment,
// min.compaction.lag.ms, last stable offset) is compacted and swapped in. One partition per tick,
// so produce and fetch keep being served between them.
import type { Partition } from '../state/partition.js';
import type { Topic, TopicManager } from '../state/topics.js';
import { Compactor } from './compact.js';

export interface LogCleanerOptions {
  readonly topics: TopicManager;
  /** Time between ticks; default 1000 ms. */
  readonly intervalMs?: number;
  readonly log?: (message: string) => void;
  readonly now?: () => number;
}

export interface CleanerStats {
  compactions: number;
  bytesRead: number;
  bytesWritten: number;
  recordsRemoved: number;
  retentionDeletes: number;
  busyMs: number;
}

const READ_CHUNK = 16 * 1024 * 1024;

export class LogCleaner {
  readonly stats: CleanerStats = { compactions: 0, bytesRead: 0, bytesWritten: 0, recordsRemoved: 0, retentionDeletes: 0, busyMs: 0 };
  private timer: NodeJS.Timeout | undefined;
  private cursor = 0;
  private running = false;
  private stopped = false;
  /** Per partition: the offset up to which it was last compacted. */
  private readonly cleanedUpTo = new WeakMap<Partition, number>();
  /** Per partition: when a kept tombstone or marker expires (then the clean range is cleaned again). */
  private readonly expiresAt = new WeakMap<Partition, number>();
  private readonly now: () => number;

  constructor(private readonly options: LogCleanerOptions) {
    this.now = options.now ?? Date.now;
  }

  start(): void {
    if (this.timer) return;
    this.timer = setInterval(() => this.tick(), this.options.intervalMs ?? 1000);
    this.timer.unref();
  }

  stop(): void {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }

  /** Cleans the next partition in turn (round robin over all topics); skipped while a pass runs. */
  tick(): void {
    if (this.running) return;
    const all: [Topic, Partition][] = [];
    for (const t of this.options.topics.all()) for (const p of t.partitions) all.push([t, p]);
    if (all.length === 0) return;
    this.cursor %= all.length;
    const [topic, partition] = all[this.cursor++]!;
    void this.cleanPartition(topic, partition);
  }

  /** Runs every policy of the topic on one partition (compaction streams over several event-loop turns). */
  async cleanPartition(topic: Topic, partition: Partition, force = false): Promise<void> {
    this.running = true;
    const started = Date.now();
    try {
      const policy = topic.config.get('cleanup.policy').split(',').map((s) => s.trim());
      if (policy.includes('delete')) this.applyRetention(topic, partition);
      if (policy.includes('compact')) await this.compact(topic, partition, force);
    } catch (err) {
      this.options.log?.(`cleaner: ${topic.name}-${partition.index}: ${(err as Error).message}`);
    } finally {
      this.running = false;
      this.stats.busyMs += Date.now() - started;
    }
  }

  private applyRetention(topic: Topic, partition: Partition): void {
    const log = partition.log;
    const retentionMs = topic.config.number('retention.ms');
    const retentionBytes = topic.config.number('retention.bytes');
    if (retentionMs < 0 && retentionBytes < 0) return;
    const limit = log.cleanableEndOffset(log.logEndOffset);
    const start = log.logStartOffset;
    const cutoff = this.now() - retentionMs;
    let byTime = start;
    let byBytes = start;
    let excess = retentionBytes >= 0 ? log.sizeInBytes - retentionBytes : -1;
    let timeDone = retentionMs < 0;
    log.forEachBatch((b) => {
      if (b.lastOffset < start || b.baseOffset >= limit) return;
      if (!timeDone) {
        if (b.maxTimestamp < cutoff) byTime = b.lastOffset + 1;
        else timeDone = true;
      }
      if (excess > 0) {
        excess -= b.size;
        byBytes = b.lastOffset + 1;
      }
    });
    const target = Math.min(Math.max(byTime, byBytes), limit);
    if (target > start) {
      partition.deleteRecordsBefore(target);
      this.stats.retentionDeletes++;
    }
  }

  private async compact(topic: Topic, partition: Partition, force: boolean): Promise<void> {
    const log = partition.log;
    const now = this.now();
    const lagMs = topic.config.number('min.compaction.lag.ms');
    // The first offset the cleaner must not touch: open transactions, the compaction lag, the active segment.
    let upTo = partition.lastStableOffset;
    if (lagMs > 0) {
      log.forEachBatch((b) => {
        if (b.maxTimestamp > now - lagMs && b.baseOffset < upTo) upTo = b.baseOffset;
      });
    }
    const end = log.cleanableEndOffset(upTo);
    const start = log.logStartOffset;
    const done = this.cleanedUpTo.get(partition) ?? start;
    if (end <= start) return;
    const expired = now >= (this.expiresAt.get(partition) ?? Infinity);
    if (end <= done && !expired && !force) return;
    const ratio = topic.config.number('min.cleanable.dirty.ratio');
    if (!force && !expired && (end - Math.max(done, start)) / (end - start) < ratio) return;
    const compactor = new Compactor({
      now,
      deleteRetentionMs: topic.config.number('delete.retention.ms'),
      aborted: partition.txns.allAborted(),
    });
    // Two streamed passes, one chunk at a time, yielding to the event loop between chunks.
    const stillValid = () => !this.stopped && this.options.topics.get(topic.name) === topic && log.logStartOffset === start;
    for (const pass of [(b: Buffer) => compactor.observe(b), (b: Buffer) => compactor.rebuild(b)]) {
      let offset = start;
      while (offset < end) {
        const read = log.read(offset, READ_CHUNK, true);
        if (read.bytes === 0) break;
        let next = offset;
        for (const chunk of read.chunks) {
          let pos = 0;
          while (pos + 61 <= chunk.length) {
            const size = chunk.readInt32BE(pos + 8) + 12;
            const base = chunk.readInt32BE(pos) * 4294967296 + chunk.readUInt32BE(pos + 4);
            const last = base + chunk.readInt32BE(pos + 23);
            if (base >= end) break;
            if (last >= offset) pass(chunk.subarray(pos, pos + size));
            next = Math.max(next, last + 1);
            pos += size;
          }
        }
        if (next <= offset) break;
        offset = next;
        await new Promise<void>((resolve) => setImmediate(resolve));
        if (!stillValid()) return;
      }
    }
    const result = compactor.result();
    log.replaceBefore(end, result.batches);
    this.cleanedUpTo.set(partition, end);
    this.expiresAt.set(partition, result.nextExpiry);
    this.stats.compactions++;
    this.stats.bytesRead += result.bytesIn;
    this.stats.bytesWritten += result.bytesOut;
    this.stats.recordsRemoved += result.recordsIn - result.recordsOut;
  }
}
