// When a standby task of a thread is assigned to that thread as active, it is promoted in place only if
// it was built for the same input partitions (it always is, unless the topology's topics changed).
import type { TopicPartition } from '../../../client/index.js';

export function samePartitions(a: readonly TopicPartition[], b: readonly TopicPartition[]): boolean {
  if (a.length !== b.length) return false;
  const keys = new Set(a.map((tp) => `${tp.topic}\u0000${tp.partition}`));
  return b.every((tp) => keys.has(`${tp.topic}\u0000${tp.partition}`));
}
