// Recovering a partition's queue after a batch the broker rejected without writing it, as Kafka's
// producer does: a batch too large for the topic (MESSAGE_TOO_LARGE) is split in halves and retried,
// so one oversized record fails alone and its batch mates are delivered; and when a batch finally
// fails, the batches after it take over its sequence numbers (an idempotent producer's sequences must
// stay gapless), instead of failing with it or forcing a new producer id.
import { ProducerBatch, type PartitionQueue } from './accumulator.js';

/** Broker error codes of a produce that was rejected as a whole: nothing of the batch was written. */
const NOT_WRITTEN_CODES = new Set([
  2, // CORRUPT_MESSAGE
  10, // MESSAGE_TOO_LARGE
  18, // RECORD_LIST_TOO_LARGE
  29, // TOPIC_AUTHORIZATION_FAILED
  32, // INVALID_TIMESTAMP
  87, // INVALID_RECORD
]);

export const MESSAGE_TOO_LARGE = 10;

/** Whether the broker certainly did not write a failed batch (a timeout or lost connection may have). */
export function certainlyNotWritten(errorCode: number | undefined, batch: ProducerBatch): boolean {
  return batch.attempts === 0 || (errorCode !== undefined && NOT_WRITTEN_CODES.has(errorCode));
}

function batchOf(source: ProducerBatch, from: number, to: number): ProducerBatch {
  const b = new ProducerBatch(source.topic, source.partition, source.createdMs);
  source.forEachAck((ack, i) => {
    if (i < from || i >= to) return;
    // the records were encoded as they were appended: decode them and encode them again in the half
    const r = source.recordAt(i);
    b.append({ key: r.key, value: r.value, timestamp: r.timestamp, headers: r.headers }, ack);
  });
  b.sizeBytes = b.builder.sizeInBytes;
  b.state = 'ready';
  if (source.baseSequence >= 0) b.baseSequence = (source.baseSequence + from) & 0x7fffffff;
  return b;
}

/**
 * Replaces a batch of two or more records by its two halves, in its place in the queue, ready to be
 * sent (each keeps its records' sequence numbers). Returns false when the batch cannot be split.
 */
export function splitInQueue(q: PartitionQueue, batch: ProducerBatch): boolean {
  if (batch.count < 2) return false;
  const at = q.batches.indexOf(batch);
  if (at < 0) return false;
  const mid = batch.count >> 1;
  q.batches.splice(at, 1, batchOf(batch, 0, mid), batchOf(batch, mid, batch.count));
  return true;
}

/**
 * After `failed` (sequences [s, s + n)) failed without being written: the partition's later batches
 * move down to start at s and are encoded again before their next attempt. One in flight now will be
 * rejected as out of order and retried with its new sequence.
 */
export function resequenceAfter(q: PartitionQueue, failed: ProducerBatch): void {
  if (failed.baseSequence < 0) return; // never encoded: no sequence was used
  let next = failed.baseSequence;
  let after = false;
  for (const b of q.batches) {
    if (b === failed) {
      after = true;
      continue;
    }
    if (!after || b.state === 'done' || b.baseSequence < 0) continue;
    b.baseSequence = next;
    b.encoded = undefined;
    next = (next + b.count) & 0x7fffffff;
  }
  q.nextSequence = next;
}
