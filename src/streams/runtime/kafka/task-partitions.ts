// The input partitions of a task as the assignment gives them. A standby is promoted in place only if it
// was built for the same partitions; an active task whose partitions change (a pattern source matched a
// new topic) is closed and created again, and its consumer positions go back to the committed offsets so
// that what its queues held unprocessed is fetched again.
import { EARLIEST, LATEST, type Consumer, type TopicPartition } from '../../../client/index.js';

export function samePartitions(a: readonly TopicPartition[], b: readonly TopicPartition[]): boolean {
  if (a.length !== b.length) return false;
  const keys = new Set(a.map((tp) => `${tp.topic}\u0000${tp.partition}`));
  return b.every((tp) => keys.has(`${tp.topic}\u0000${tp.partition}`));
}

/** seeks the consumer's partitions among `partitions` to the group's committed offsets (else the reset policy) */
export async function rewindToCommitted(consumer: Consumer, partitions: readonly TopicPartition[], reset: 'earliest' | 'latest'): Promise<void> {
  const owned = new Set(consumer.assignment().map((tp) => `${tp.topic}\u0000${tp.partition}`));
  const kept = partitions.filter((tp) => owned.has(`${tp.topic}\u0000${tp.partition}`));
  if (kept.length === 0) return;
  const committed = await consumer.committed(kept);
  for (const tp of kept) {
    const c = committed.find((x) => x.topic === tp.topic && x.partition === tp.partition);
    consumer.seek({ topic: tp.topic, partition: tp.partition, offset: c !== undefined && c.offset >= 0 ? c.offset : reset === 'earliest' ? EARLIEST : LATEST });
  }
}
