// Record batch throughput: encode and decode, records/s and MB/s of record payload (key + value), for
// 100-byte and 1 KiB values in ~16 KiB batches (the Java producer's default batch.size), uncompressed and
// with each codec. Decode is measured with the callback (forEachRecord) and the iterator (records()),
// reading key and value of every record; "validate" is the broker's full check (CRC + every record).
// Run: npx tsx bench/records.ts

import {
  encodeRecordBatch,
  RecordBatch,
  validateRecordBatch,
  type CompressionName,
} from '../src/protocol/records/index.js';
import { crc32cImplementation } from '../src/protocol/records/crc32c.js';
import { makeRecords, measure, printTable } from './record-workload.js';

const shapes = [
  { label: '100 B', count: 150, size: 100 },
  { label: '1 KiB', count: 16, size: 1024 },
];
const codecs: CompressionName[] = ['none', 'gzip', 'snappy', 'lz4', 'zstd'];
const MB = 1024 * 1024;
const rows: Record<string, string | number>[] = [];
let sink = 0;

for (const shape of shapes) {
  const records = makeRecords(shape.count, shape.size);
  const payload = records.reduce((n, r) => n + (r.key?.length ?? 0) + (r.value?.length ?? 0), 0);
  for (const compression of codecs) {
    const encoded = encodeRecordBatch({ records, compression });
    const enc = measure(() => encodeRecordBatch({ records, compression }));
    const decCallback = measure(() => {
      new RecordBatch(encoded).forEachRecord((r) => {
        sink += r.key === null ? 0 : 1;
        sink += r.value === null ? 0 : 1;
      });
    });
    const decIterator = measure(() => {
      for (const r of new RecordBatch(encoded).records()) {
        sink += r.key === null ? 0 : 1;
        sink += r.value === null ? 0 : 1;
      }
    });
    const validate = measure(() => validateRecordBatch(new RecordBatch(encoded)));
    const fmt = (batchesPerSec: number) =>
      `${((batchesPerSec * shape.count) / 1e6).toFixed(2)}M rec/s ${((batchesPerSec * payload) / MB).toFixed(0)} MB/s`;
    rows.push({
      records: `${shape.count} x ${shape.label}`,
      codec: compression,
      'batch bytes': encoded.length,
      encode: fmt(enc),
      'decode (callback)': fmt(decCallback),
      'decode (iterator)': fmt(decIterator),
      validate: fmt(validate),
    });
  }
}
console.log(`node ${process.version}, CRC-32C: ${crc32cImplementation}`);
printTable(rows);
if (sink === -1) console.log(sink);
