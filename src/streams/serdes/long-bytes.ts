import { SerializationError } from '../errors/streams-error.js';

const TWO_32 = 0x1_0000_0000;

/** Writes a safe integer as an 8-byte big-endian two's complement long (Java's `putLong`). */
export function writeLongBE(buf: Buffer, offset: number, value: number): void {
  if (!Number.isSafeInteger(value)) throw new SerializationError(`not a safe integer for a 64-bit long: ${value}`);
  const hi = Math.floor(value / TWO_32);
  buf.writeInt32BE(hi, offset);
  buf.writeUInt32BE(value - hi * TWO_32, offset + 4);
}

/** Reads an 8-byte big-endian long; throws when it does not fit a JS safe integer. */
export function readLongBE(buf: Buffer, offset: number): number {
  const value = buf.readInt32BE(offset) * TWO_32 + buf.readUInt32BE(offset + 4);
  if (!Number.isSafeInteger(value)) {
    throw new SerializationError(
      `long ${buf.readBigInt64BE(offset)} does not fit a JS number (|x| > 2^53 - 1); use Serdes.LongAsBigInt()`,
    );
  }
  return value;
}
