// CRC-32C (Castagnoli, reflected polynomial 0x82F63B78) in plain JavaScript, slicing-by-8:
// eight 256-entry tables let the main loop consume 8 bytes per iteration with table look-ups only.

const POLY = 0x82f63b78;

const TABLES: Int32Array = (() => {
  const t = new Int32Array(8 * 256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? (c >>> 1) ^ POLY : c >>> 1;
    t[n] = c;
  }
  for (let n = 0; n < 256; n++) {
    let c = t[n]!;
    for (let k = 1; k < 8; k++) {
      c = t[c & 0xff]! ^ (c >>> 8);
      t[k * 256 + n] = c;
    }
  }
  return t;
})();

/** CRC-32C of `buf[start, end)` continuing from `crc` (0 for a fresh checksum); unsigned 32-bit result. */
export function crc32cJs(buf: Uint8Array, start = 0, end = buf.length, crc = 0): number {
  const t = TABLES;
  let c = ~crc;
  let i = start;
  // Byte-wise until the remaining length is a multiple of 8.
  const tail = (end - start) & 7;
  for (const stop = start + tail; i < stop; i++) c = t[(c ^ buf[i]!) & 0xff]! ^ (c >>> 8);
  for (; i < end; i += 8) {
    const lo = c ^ (buf[i]! | (buf[i + 1]! << 8) | (buf[i + 2]! << 16) | (buf[i + 3]! << 24));
    c =
      t[1792 + (lo & 0xff)]! ^
      t[1536 + ((lo >>> 8) & 0xff)]! ^
      t[1280 + ((lo >>> 16) & 0xff)]! ^
      t[1024 + (lo >>> 24)]! ^
      t[768 + buf[i + 4]!]! ^
      t[512 + buf[i + 5]!]! ^
      t[256 + buf[i + 6]!]! ^
      t[buf[i + 7]!]!;
  }
  return ~c >>> 0;
}
