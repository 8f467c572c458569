// TEMPORARY: byte-wise CRC-32C until the `records` branch lands src/protocol/records/crc32c.ts;
// then this file becomes a re-export of that one (one implementation in the repo).
const TABLE: Int32Array = (() => {
  const t = new Int32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? (c >>> 1) ^ 0x82f63b78 : c >>> 1;
    t[n] = c;
  }
  return t;
})();

/** CRC-32C (Castagnoli) of `buf[start, end)`, unsigned. */
export function crc32c(buf: Uint8Array, start = 0, end = buf.length): number {
  let c = -1;
  for (let i = start; i < end; i++) c = TABLE[(c ^ buf[i]!) & 0xff]! ^ (c >>> 8);
  return ~c >>> 0;
}
