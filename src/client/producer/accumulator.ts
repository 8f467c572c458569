// Collects records per partition into batches. A batch is closed when the next record would make it
// exceed `batchSize`; the sender takes batches that are full, older than `lingerMs`, or flushed.
// Batches stay in their partition's queue until acknowledged, so a retried batch keeps its place and
// its sequence number (idempotent producers need both).
import type { RecordInput } from '../../protocol/records/encode.js';
import type { ProduceErrorCallback, RecordMetadata } from './types.js';

export interface Ack {
  resolve(meta: RecordMetadata): void;
  reject(err: Error): void;
}

/**
 * How a record's outcome is reported: a promise's settle functions (`send`), an error callback
 * (`produce(record, onError)`, called only on failure), or nothing (`produce(record)`: `flush()` reports).
 */
export type RecordCompletion = Ack | ProduceErrorCallback | undefined;

export type BatchState = 'open' | 'ready' | 'inflight' | 'done';

export class ProducerBatch {
  readonly records: RecordInput[] = [];
  /** One entry per record: how its outcome is reported (a promise, an error callback, or nothing). */
  readonly acks: RecordCompletion[] = [];
  sizeBytes = 61; // v2 batch header
  state: BatchState = 'open';
  /** Sequence of the first record, assigned when first sent; -1 before. */
  baseSequence = -1;
  /** Encoded bytes, kept for retries. */
  encoded: Buffer | undefined;
  attempts = 0;
  /** Earliest time of the next attempt after a retriable failure. */
  retryAtMs = 0;

  constructor(
    readonly topic: string,
    readonly partition: number,
    readonly createdMs: number,
  ) {}

  get count(): number {
    return this.records.length;
  }
}

export class PartitionQueue {
  readonly batches: ProducerBatch[] = [];
  /** Next sequence number to assign (idempotence). */
  nextSequence = 0;
  /** Whether the partition was added to the current transaction. */
  inTransaction = false;

  constructor(
    readonly topic: string,
    readonly partition: number,
  ) {}
}

/** Rough size of a record in a v2 batch (varint overheads counted generously). */
export function estimateRecordSize(r: RecordInput): number {
  let size = 21 + (r.key?.length ?? 0) + (r.value?.length ?? 0);
  if (r.headers) for (const h of r.headers) size += 10 + Buffer.byteLength(h.key) + (h.value?.length ?? 0);
  return size;
}

export interface AppendResult {
  batch: ProducerBatch;
  /** A batch was closed (full) by this append: the sender has work. */
  batchClosed: boolean;
  /** A new batch was started for this record. */
  newBatch: boolean;
}

export class RecordAccumulator {
  readonly queues = new Map<string, PartitionQueue>();
  /** Records appended and not yet acknowledged or failed. */
  pendingRecords = 0;

  constructor(private readonly batchSize: number) {}

  /** Per topic, queues indexed by partition: the per-record lookup builds no string key. */
  private readonly byTopic = new Map<string, PartitionQueue[]>();

  queue(topic: string, partition: number): PartitionQueue {
    let list = this.byTopic.get(topic);
    if (!list) this.byTopic.set(topic, (list = []));
    let q = list[partition];
    if (!q) {
      q = new PartitionQueue(topic, partition);
      list[partition] = q;
      this.queues.set(`${topic}\u0000${partition}`, q);
    }
    return q;
  }

  /** True when appending `record` to the partition would start a new batch (none open, or no room). */
  wouldStartBatch(topic: string, partition: number, record: RecordInput): boolean {
    const q = this.byTopic.get(topic)?.[partition];
    const batch = q && q.batches.length > 0 ? q.batches[q.batches.length - 1] : undefined;
    if (!batch || batch.state !== 'open') return true;
    return batch.count > 0 && batch.sizeBytes + estimateRecordSize(record) > this.batchSize;
  }

  append(topic: string, partition: number, record: RecordInput, ack: RecordCompletion, nowMs: number): AppendResult {
    const q = this.queue(topic, partition);
    const size = estimateRecordSize(record);
    let batch = q.batches.length > 0 ? q.batches[q.batches.length - 1] : undefined;
    let batchClosed = false;
    let newBatch = false;
    if (batch && batch.state === 'open' && batch.count > 0 && batch.sizeBytes + size > this.batchSize) {
      batch.state = 'ready';
      batchClosed = true;
    }
    if (!batch || batch.state !== 'open') {
      batch = new ProducerBatch(topic, partition, nowMs);
      q.batches.push(batch);
      newBatch = true;
    }
    record.offsetDelta = batch.records.length;
    batch.records.push(record);
    batch.acks.push(ack);
    batch.sizeBytes += size;
    this.pendingRecords++;
    if (batch.sizeBytes >= this.batchSize) {
      batch.state = 'ready';
      batchClosed = true;
    }
    return { batch, batchClosed, newBatch };
  }

  /** Closes open batches that lingered long enough (or all, when flushing); returns ms until the next one is due. */
  closeExpired(nowMs: number, lingerMs: number, all: boolean): number {
    let next = Infinity;
    for (const q of this.queues.values()) {
      for (const b of q.batches) {
        if (b.state !== 'open') continue;
        const due = b.createdMs + lingerMs;
        if (all || due <= nowMs) b.state = 'ready';
        else next = Math.min(next, due - nowMs);
      }
    }
    return next;
  }

  /** Removes acknowledged or failed batches from the front of a queue. */
  static prune(q: PartitionQueue): void {
    let i = 0;
    while (i < q.batches.length && q.batches[i]!.state === 'done') i++;
    if (i > 0) q.batches.splice(0, i);
  }
}
