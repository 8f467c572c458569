// Test helper: builds an uncompressed v2 record batch by hand (until the records module's encoder lands).
import { crc32c } from '../../src/broker/log/crc32c.js';

function zigzag(n: number): number[] {
  let v = n >= 0 ? n * 2 : -n * 2 - 1;
  const out: number[] = [];
  while (v >= 0x80) {
    out.push((v % 128) | 0x80);
    v = Math.floor(v / 128);
  }
  out.push(v);
  return out;
}

export interface TestRecord {
  key?: string;
  value: string;
  timestamp?: number;
}

export interface BatchOptions {
  baseTimestamp?: number;
  producerId?: number;
  producerEpoch?: number;
  baseSequence?: number;
}

export function makeBatch(records: TestRecord[], options: BatchOptions = {}): Buffer {
  const baseTs = options.baseTimestamp ?? records[0]?.timestamp ?? 1_700_000_000_000;
  const body: number[] = [];
  let maxTs = baseTs;
  records.forEach((r, i) => {
    const ts = r.timestamp ?? baseTs;
    if (ts > maxTs) maxTs = ts;
    const key = r.key === undefined ? null : Buffer.from(r.key);
    const value = Buffer.from(r.value);
    const rec = [0, ...zigzag(ts - baseTs), ...zigzag(i), ...(key ? [...zigzag(key.length), ...key] : zigzag(-1)), ...zigzag(value.length), ...value, ...zigzag(0)];
    body.push(...zigzag(rec.length), ...rec);
  });
  const buf = Buffer.alloc(61 + body.length);
  buf.writeInt32BE(buf.length - 12, 8);
  buf.writeInt32BE(-1, 12);
  buf.writeInt8(2, 16);
  buf.writeInt16BE(0, 21);
  buf.writeInt32BE(records.length - 1, 23);
  buf.writeBigInt64BE(BigInt(baseTs), 27);
  buf.writeBigInt64BE(BigInt(maxTs), 35);
  buf.writeBigInt64BE(BigInt(options.producerId ?? -1), 43);
  buf.writeInt16BE(options.producerEpoch ?? -1, 51);
  buf.writeInt32BE(options.baseSequence ?? -1, 53);
  buf.writeInt32BE(records.length, 57);
  Buffer.from(body).copy(buf, 61);
  buf.writeUInt32BE(crc32c(buf, 21), 17);
  return buf;
}
