// The default partitioner: murmur2 of the serialized key for keyed records (the Java client's and
// librdkafka's `murmur2_random` choice), a sticky partition for unkeyed records that changes each time a
// batch for it is closed (KIP-480).
import { murmur2Partition } from './murmur2.js';

export class StickyPartitioner {
  private readonly sticky = new Map<string, number>();

  /** `keyLength`: bytes from the start of `key` that are the key (default all). */
  partition(topic: string, key: Buffer | null, partitionCount: number, keyLength?: number): number {
    if (key !== null) return murmur2Partition(key, partitionCount, keyLength);
    let p = this.sticky.get(topic);
    if (p === undefined || p >= partitionCount) {
      p = Math.floor(Math.random() * partitionCount);
      this.sticky.set(topic, p);
    }
    return p;
  }

  /** A batch for `topic`'s sticky partition was closed: pick another partition for the next records. */
  onNewBatch(topic: string, previous: number, partitionCount: number): void {
    if (this.sticky.get(topic) !== previous || partitionCount <= 1) return;
    let next = Math.floor(Math.random() * (partitionCount - 1));
    if (next >= previous) next++;
    this.sticky.set(topic, next);
  }
}
