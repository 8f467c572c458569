import type { Serde } from '../../serdes/serde.js';

/**
 * 8-byte big-endian signed long as a JS number (Kafka's `Serdes.Long()` layout), for the counts the
 * DSL produces. Exact up to 2^53.
 */
export const longSerde: Serde<number> = {
  serialize(_topic, data) {
    if (data === null || data === undefined) return null;
    const b = Buffer.allocUnsafe(8);
    b.writeBigInt64BE(BigInt(data));
    return b;
  },
  deserialize(_topic, data) {
    if (data === null) return null;
    return Number(data.readBigInt64BE(0));
  },
};
