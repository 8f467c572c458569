import { JavaPriorityQueue } from '../internals/java-priority-queue.js';
import type { CountSensor } from '../metrics/sensors.js';
import { type RecordQueue, UNKNOWN_TIME } from './record-queue.js';
import type { RawRecordBatch } from './raw-record-batch.js';
import type { StampedRecord } from './stamped-record.js';

/**
 * The input partitions of a task (Kafka Streams' `PartitionGroup`). The next record comes from the
 * partition whose head record has the smallest timestamp; partitions wait in a priority queue while
 * they have records, so ties follow the queue's heap order, as in Kafka. Stream time is the largest
 * timestamp handed out so far and never decreases.
 */
export class PartitionGroup {
  private readonly nonEmpty = new JavaPriorityQueue<RecordQueue>((a, b) => a.headTimestamp() - b.headTimestamp());
  private time = UNKNOWN_TIME;
  private buffered = 0;

  private readonly idleDeadlines = new Map<RecordQueue, number>();
  private readonly fetchedLags = new Map<RecordQueue, number>();

  /**
   * @param maxTaskIdleMs Kafka's `max.task.idle.ms`: -1 processes whatever is buffered; >= 0 waits
   *   for every partition to have data, or to be known caught up for that long (see `readyToProcess`)
   */
  constructor(
    readonly queues: ReadonlyMap<string, RecordQueue>,
    private readonly maxTaskIdleMs = -1,
  ) {}

  /** the task's `enforced-processing` sensor (DEBUG), when recorded */
  enforcedProcessingSensor: CountSensor | null = null;

  /** records the consumer's lag of each partition (undefined = unknown), used by `readyToProcess` */
  updateLags(lagOf: (queue: RecordQueue) => number | undefined): void {
    if (this.maxTaskIdleMs === -1) return;
    for (const q of this.queues.values()) {
      const lag = lagOf(q);
      if (lag === undefined) this.fetchedLags.delete(q);
      else this.fetchedLags.set(q, lag);
    }
  }

  /**
   * Whether the task may process now (Kafka's `PartitionGroup.readyToProcess`): with idling enabled,
   * an empty partition blocks processing while its lag is unknown or positive, or, when it is caught
   * up, until `maxTaskIdleMs` has passed since it was first seen empty; then processing is enforced.
   */
  readyToProcess(wallClockTime: number): boolean {
    // one partition: nothing to wait for (when it is empty there is nothing to process either)
    if (this.maxTaskIdleMs === -1 || this.queues.size < 2) return true;
    let queued = 0;
    let enforced = false;
    for (const q of this.queues.values()) {
      if (!q.isEmpty()) {
        this.idleDeadlines.delete(q);
        queued++;
        continue;
      }
      const lag = this.fetchedLags.get(q) ?? -1;
      if (lag !== 0) {
        this.idleDeadlines.delete(q);
        return false;
      }
      let deadline = this.idleDeadlines.get(q);
      if (deadline === undefined) {
        deadline = wallClockTime + this.maxTaskIdleMs;
        this.idleDeadlines.set(q, deadline);
      }
      if (wallClockTime < deadline) return false;
      enforced = true;
    }
    if (enforced && queued > 0) this.enforcedProcessingSensor?.record();
    return !enforced || queued > 0;
  }

  /** adds records to a partition; returns the partition's new size */
  addRecords(queue: RecordQueue, records: RawRecordBatch): number {
    const oldSize = queue.size();
    const newSize = queue.addBatch(records);
    if (oldSize === 0 && newSize > 0) this.nonEmpty.offer(queue);
    this.buffered += newSize - oldSize;
    return newSize;
  }

  /** the next record (it names the queue it came from), or undefined when nothing is buffered */
  nextRecord(): StampedRecord | undefined {
    const queue = this.nonEmpty.poll();
    if (queue === undefined) return undefined;
    const before = queue.size();
    const record = queue.poll();
    this.buffered -= before - queue.size();
    if (!queue.isEmpty()) this.nonEmpty.offer(queue);
    if (record.time > this.time) this.time = record.time;
    return record;
  }

  streamTime(): number {
    return this.time;
  }

  /** restores stream time from a committed partition time */
  setPartitionTime(queue: RecordQueue, partitionTime: number): void {
    if (this.time < partitionTime) this.time = partitionTime;
    queue.setPartitionTime(partitionTime);
  }

  numBuffered(): number {
    return this.buffered;
  }

  clear(): void {
    for (const q of this.queues.values()) q.clear();
    this.nonEmpty.clear();
    this.buffered = 0;
    this.time = UNKNOWN_TIME;
  }
}
