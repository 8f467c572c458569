// Big-endian int64 fields of the batch header as JavaScript numbers (exact within +-2^53, which holds
// for offsets, timestamps and producer ids in practice) without going through BigInt.

const TWO_POW_32 = 4294967296;

export function readInt64(buf: Buffer, offset: number): number {
  return buf.readInt32BE(offset) * TWO_POW_32 + buf.readUInt32BE(offset + 4);
}

export function writeInt64(buf: Buffer, offset: number, value: number): void {
  const high = Math.floor(value / TWO_POW_32);
  buf.writeInt32BE(high, offset);
  buf.writeUInt32BE(value - high * TWO_POW_32, offset + 4);
}
