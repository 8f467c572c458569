// Idempotent-producer state of one partition: per producer id, its epoch, last sequence and the last
// five appended batches (Kafka keeps five, the most a producer has in flight), so that a retried batch
// is answered with its original offset instead of being appended twice. A producer whose batches all lie
// below the log start offset is forgotten, and then accepted again at whatever sequence it is.
// Room for later: transactional state (first offset of the ongoing transaction) and snapshots on disk.
import { ErrorCode } from '../../protocol/errors/index.js';

const INT32_MAX = 2147483647;
const CACHED_BATCHES = 5;

export interface CachedBatch {
  readonly firstSeq: number;
  readonly lastSeq: number;
  readonly baseOffset: number;
  readonly lastOffset: number;
}

interface ProducerEntry {
  epoch: number;
  lastSeq: number;
  batches: CachedBatch[];
}

export type SequenceCheck =
  | { readonly kind: 'append' }
  | { readonly kind: 'duplicate'; readonly batch: CachedBatch }
  | { readonly kind: 'error'; readonly errorCode: number; readonly message: string };

/** Last sequence of a batch of `count` records starting at `firstSeq` (sequences wrap after INT32_MAX). */
export function lastSequenceOf(firstSeq: number, count: number): number {
  const last = firstSeq + count - 1;
  return last > INT32_MAX ? last - INT32_MAX - 1 : last;
}

function follows(lastSeq: number, nextSeq: number): boolean {
  return nextSeq === (lastSeq === INT32_MAX ? 0 : lastSeq + 1);
}

export class ProducerStateTable {
  private readonly entries = new Map<number, ProducerEntry>();

  get size(): number {
    return this.entries.size;
  }

  /** Decides what to do with a batch from `producerId`/`epoch` holding sequences firstSeq..lastSeq. */
  check(producerId: number, epoch: number, firstSeq: number, lastSeq: number): SequenceCheck {
    const entry = this.entries.get(producerId);
    // An unknown producer may start at any sequence, as in Kafka: its state is gone when retention or
    // DeleteRecords removed all its batches (repartition topics are purged that way) while it keeps writing.
    if (!entry) return { kind: 'append' };
    if (epoch < entry.epoch) {
      return { kind: 'error', errorCode: ErrorCode.INVALID_PRODUCER_EPOCH, message: `producer epoch ${epoch} is older than ${entry.epoch}` };
    }
    if (epoch > entry.epoch) {
      if (firstSeq === 0) return { kind: 'append' };
      return { kind: 'error', errorCode: ErrorCode.OUT_OF_ORDER_SEQUENCE_NUMBER, message: `new epoch ${epoch} must start at sequence 0, got ${firstSeq}` };
    }
    for (const b of entry.batches) {
      if (b.firstSeq === firstSeq && b.lastSeq === lastSeq) return { kind: 'duplicate', batch: b };
    }
    if (!follows(entry.lastSeq, firstSeq)) {
      return { kind: 'error', errorCode: ErrorCode.OUT_OF_ORDER_SEQUENCE_NUMBER, message: `expected sequence ${entry.lastSeq === INT32_MAX ? 0 : entry.lastSeq + 1}, got ${firstSeq}` };
    }
    return { kind: 'append' };
  }

  /** Records an appended batch (also used when rebuilding the state from the log on start). */
  record(producerId: number, epoch: number, batch: CachedBatch): void {
    let entry = this.entries.get(producerId);
    if (!entry || epoch > entry.epoch) {
      entry = { epoch, lastSeq: -1, batches: [] };
      this.entries.set(producerId, entry);
    }
    entry.lastSeq = batch.lastSeq;
    entry.batches.push(batch);
    if (entry.batches.length > CACHED_BATCHES) entry.batches.shift();
  }

  /** A transaction marker with `epoch` was written: older epochs of this producer are fenced. */
  fence(producerId: number, epoch: number): void {
    const entry = this.entries.get(producerId);
    if (!entry) this.entries.set(producerId, { epoch, lastSeq: -1, batches: [] });
    else if (epoch > entry.epoch) {
      entry.epoch = epoch;
      entry.lastSeq = -1;
      entry.batches = [];
    }
  }

  /** Drops producers whose every batch lies below `offset` (after DeleteRecords). */
  expireBefore(offset: number): void {
    for (const [id, e] of this.entries) {
      if (e.batches.length && e.batches[e.batches.length - 1]!.lastOffset < offset) this.entries.delete(id);
    }
  }

  clear(): void {
    this.entries.clear();
  }
}


