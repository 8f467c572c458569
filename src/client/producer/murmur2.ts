// murmur2 as used by the Java client's default partitioner (and librdkafka's `murmur2_random`):
// 32-bit MurmurHash2 with seed 0x9747b28c, over the serialized key bytes.

const M = 0x5bd1e995;
const SEED = 0x9747b28c;

/** 32-bit murmur2 hash of `data` (its first `length` bytes), as a signed 32-bit integer (the Java client's `Utils.murmur2`). */
export function murmur2(data: Uint8Array, length = data.length): number {
  let h = (SEED ^ length) | 0;
  const blocks = length & ~3;
  for (let i = 0; i < blocks; i += 4) {
    let k = data[i]! | (data[i + 1]! << 8) | (data[i + 2]! << 16) | (data[i + 3]! << 24);
    k = Math.imul(k, M);
    k ^= k >>> 24;
    k = Math.imul(k, M);
    h = Math.imul(h, M) ^ k;
  }
  const tail = length & 3;
  if (tail === 3) h ^= data[blocks + 2]! << 16;
  if (tail >= 2) h ^= data[blocks + 1]! << 8;
  if (tail >= 1) {
    h ^= data[blocks]!;
    h = Math.imul(h, M);
  }
  h ^= h >>> 13;
  h = Math.imul(h, M);
  h ^= h >>> 15;
  return h | 0;
}

/** The partition Java's default partitioner picks for a keyed record (its first `length` bytes): `toPositive(murmur2(key)) % n`. */
export function murmur2Partition(key: Uint8Array, partitionCount: number, length = key.length): number {
  return (murmur2(key, length) & 0x7fffffff) % partitionCount;
}
