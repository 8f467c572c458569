import { JavaPriorityQueue } from '../internals/java-priority-queue.js';
import { type RecordQueue, type StampedRecord, UNKNOWN_TIME } from './record-queue.js';

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

  constructor(readonly queues: ReadonlyMap<string, RecordQueue>) {}

  /** adds records to a partition; returns the partition's new size */
  addRawRecords(queue: RecordQueue, records: Parameters<RecordQueue['addRawRecords']>[0]): number {
    const oldSize = queue.size();
    const newSize = queue.addRawRecords(records);
    if (oldSize === 0 && newSize > 0) this.nonEmpty.offer(queue);
    this.buffered += newSize - oldSize;
    return newSize;
  }

  /** the next record and the queue it came from, or undefined when nothing is buffered */
  nextRecord(): { record: StampedRecord; queue: RecordQueue } | undefined {
    const queue = this.nonEmpty.poll();
    if (queue === undefined) return undefined;
    const before = queue.size();
    const record = queue.poll();
    this.buffered -= before - queue.size();
    if (!queue.isEmpty()) this.nonEmpty.offer(queue);
    if (record.timestamp > this.time) this.time = record.timestamp;
    return { record, queue };
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
