// CRC-32C: the slicing-by-8 JavaScript implementation against @node-rs/crc32 (SIMD, native) and the
// combined function the record code uses (JS below 256 bytes, native above).
// Run: npx tsx bench/crc32c.ts

import { createRequire } from 'node:module';
import { crc32c } from '../src/protocol/records/crc32c.js';
import { crc32cJs } from '../src/protocol/records/crc32c-js.js';
import { measure, printTable } from './record-workload.js';

const native = (createRequire(import.meta.url)('@node-rs/crc32') as { crc32c(b: Uint8Array): number }).crc32c;
const rows: Record<string, string | number>[] = [];
for (const size of [64, 200, 1024, 16384, 1048576]) {
  const buf = Buffer.alloc(size);
  for (let i = 0; i < size; i++) buf[i] = (i * 31 + 7) & 0xff;
  const mbs = (f: () => unknown) => ((measure(f, 200) * size) / 1e6).toFixed(0);
  rows.push({
    bytes: size,
    'js slicing-by-8 MB/s': mbs(() => crc32cJs(buf)),
    '@node-rs/crc32 MB/s': mbs(() => native(buf)),
    'crc32c() (used) MB/s': mbs(() => crc32c(buf)),
  });
}
printTable(rows);
