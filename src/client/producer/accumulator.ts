// Collects records per partition into batches. A batch is closed when the next record would make it
// exceed `batchSize`; the sender takes batches that are full, older than `lingerMs`, or flushed.
// Batches stay in their partition's queue until acknowledged, so a retried batch keeps its place and
// its sequence number (idempotent producers need both).
import { RecordBatchBuilder } from '../../protocol/records/batch-builder.js';
import type { RecordInput } from '../../protocol/records/encode.js';
import type { DecodedRecord } from '../../protocol/records/record-view.js';
import type { ProduceErrorCallback, RecordMetadata } from './types.js';

export interface Ack {
  resolve(meta: RecordMetadata): void;
  reject(err: Error): void;
  /** the record's create time, reported in its metadata (set as the record is appended) */
  timestamp: number;
}

/**
 * How a record's outcome is reported: a promise's settle functions (`send`), an error callback
 * (`produce(record, onError)`, called only on failure), or nothing (`produce(record)`: `flush()` reports).
 */
export type RecordCompletion = Ack | ProduceErrorCallback | undefined;

export type BatchState = 'open' | 'ready' | 'inflight' | 'done';

export class ProducerBatch {
  /** The records, encoded as they are appended (nothing per record is kept). */
  readonly builder: RecordBatchBuilder;
  /**
   * How each record's outcome is reported (a promise, an error callback, or nothing), run-length
   * encoded: records from `runStarts[r]` up to the next run's start share `runAcks[r]` (the records of
   * one caller of `produce(record, onError)` share its callback, so a batch keeps a few entries).
   */
  private readonly runAcks: RecordCompletion[] = [];
  private readonly runStarts: number[] = [];
  /** Bytes of the batch so far (v2 header included, uncompressed). */
  sizeBytes = 61;
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
    capacity = 1024,
    capacityLimit = Infinity,
  ) {
    this.builder = new RecordBatchBuilder(capacity, capacityLimit);
  }

  get count(): number {
    return this.builder.count;
  }

  /** Appends a record and how its outcome is reported. */
  append(record: RecordInput, ack: RecordCompletion): void {
    const index = this.builder.count;
    this.builder.append(record);
    const runs = this.runAcks.length;
    if (runs === 0 || this.runAcks[runs - 1] !== ack) {
      this.runAcks.push(ack);
      this.runStarts.push(index);
    }
  }

  /** Calls `fn` with each record's outcome report and index, in record order. */
  forEachAck(fn: (ack: RecordCompletion, index: number) => void): void {
    const runs = this.runAcks.length;
    const count = this.count;
    for (let r = 0; r < runs; r++) {
      const ack = this.runAcks[r];
      const end = r + 1 < runs ? this.runStarts[r + 1]! : count;
      for (let i = this.runStarts[r]!; i < end; i++) fn(ack, i);
    }
  }

  private decoded: DecodedRecord[] | undefined;

  /** Record `index` as encoded (decoded again; for failure reports, not the hot path). */
  recordAt(index: number): DecodedRecord {
    this.decoded ??= this.builder.records();
    return this.decoded[index]!;
  }
}

export class PartitionQueue {
  readonly batches: ProducerBatch[] = [];
  /** Next sequence number to assign (idempotence). */
  nextSequence = 0;
  /** Whether the partition was added to the current transaction. */
  inTransaction = false;
  /** Size of the last batch closed here (sizes the next one's buffer). */
  lastBatchBytes = 0;

  constructor(
    readonly topic: string,
    readonly partition: number,
  ) {}
}

/** Rough size of a record in a v2 batch (varint overheads counted generously). */
export function estimateRecordSize(r: RecordInput): number {
  const key = r.key;
  let size = 21 + (key === null ? 0 : (r.keyLength ?? key.length)) + (r.value?.length ?? 0);
  const headers = r.headers;
  if (headers !== undefined) for (let i = 0; i < headers.length; i++) size += 10 + Buffer.byteLength(headers[i]!.key) + (headers[i]!.value?.length ?? 0);
  return size;
}

/** What `append` did; one object per accumulator, overwritten by the next append. */
export interface AppendResult {
  batch: ProducerBatch | undefined;
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

  private readonly appended: AppendResult = { batch: undefined, batchClosed: false, newBatch: false };

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

  /**
   * Appends a record; the result is valid until the next append (no object per record). `nowMs`
   * (default: the clock, read only when a batch is started) is the create time of a new batch.
   */
  append(topic: string, partition: number, record: RecordInput, ack: RecordCompletion, nowMs?: number): AppendResult {
    const q = this.queue(topic, partition);
    const size = estimateRecordSize(record);
    let batch = q.batches.length > 0 ? q.batches[q.batches.length - 1] : undefined;
    let batchClosed = false;
    let newBatch = false;
    if (batch && batch.state === 'open' && batch.count > 0 && batch.sizeBytes + size > this.batchSize) {
      batch.state = 'ready';
      q.lastBatchBytes = batch.sizeBytes;
      batchClosed = true;
    }
    if (!batch || batch.state !== 'open') {
      // the buffer starts at the size of the partition's previous batch (4 KiB at least) and doubles up
      // to a full batch plus the record that fills it: a steady stream gets one allocation per batch,
      // a trickle small buffers
      const limit = Math.max(this.batchSize, size) + 1024;
      batch = new ProducerBatch(topic, partition, nowMs ?? Date.now(), Math.min(limit, Math.max(4096, size + 128, q.lastBatchBytes + size)), limit);
      q.batches.push(batch);
      newBatch = true;
    }
    record.offsetDelta = batch.count;
    if (ack !== undefined && typeof ack !== 'function') ack.timestamp = record.timestamp;
    batch.append(record, ack);
    batch.sizeBytes = batch.builder.sizeInBytes;
    this.pendingRecords++;
    if (batch.sizeBytes >= this.batchSize) {
      batch.state = 'ready';
      q.lastBatchBytes = batch.sizeBytes;
      batchClosed = true;
    }
    const result = this.appended;
    result.batch = batch;
    result.batchClosed = batchClosed;
    result.newBatch = newBatch;
    return result;
  }

  /** Closes open batches that lingered long enough (or all, when flushing); returns ms until the next one is due. */
  closeExpired(nowMs: number, lingerMs: number, all: boolean): number {
    let next = Infinity;
    for (const q of this.queues.values()) {
      for (const b of q.batches) {
        if (b.state !== 'open') continue;
        const due = b.createdMs + lingerMs;
        if (all || due <= nowMs) {
          b.state = 'ready';
          q.lastBatchBytes = b.sizeBytes;
        } else next = Math.min(next, due - nowMs);
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
