// Mutated and truncated inputs: decoding either succeeds or throws a RecordBatchError; never another
// error type, never a hang (the run is bounded and each case is small).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  encodeRecordBatch,
  readRecordBatches,
  RecordBatchError,
  validateRecordBatch,
  type CompressionName,
} from '../../../src/protocol/records/index.js';

function prng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    return (s >>> 0) / 0x100000000;
  };
}

function decodeEverything(buf: Buffer, checkCrc: boolean): void {
  const { batches } = readRecordBatches(buf);
  for (const b of batches) {
    if (checkCrc) validateRecordBatch(b);
    for (const r of b.records()) {
      void r.key;
      void r.value;
      void r.headers;
    }
  }
}

function expectOnlyRecordErrors(buf: Buffer, checkCrc: boolean, label: string): void {
  try {
    decodeEverything(buf, checkCrc);
  } catch (err) {
    if (!(err instanceof RecordBatchError)) {
      assert.fail(`${label}: threw ${String(err)} instead of a RecordBatchError`);
    }
  }
}

for (const compression of ['none', 'gzip', 'snappy', 'lz4', 'zstd'] as CompressionName[]) {
  test(`fuzz (${compression}): byte flips, truncations and garbage lengths`, () => {
    const rnd = prng(compression.length * 7919 + 1);
    const base = Buffer.concat(
      [0, 1, 2].map((k) =>
        encodeRecordBatch({
          compression,
          baseOffset: k * 10,
          records: Array.from({ length: 8 }, (_, i) => ({
            key: i % 3 === 0 ? null : Buffer.from(`k${i}`),
            value: Buffer.from(`v${i}`.repeat(i * 5)),
            headers: i % 2 ? [{ key: 'h', value: Buffer.from([i]) }] : [],
            timestamp: 1000 + i,
          })),
        }),
      ),
    );
    const cases = compression === 'none' ? 6000 : 1200;
    for (let c = 0; c < cases; c++) {
      const buf = Buffer.from(base);
      const kind = c % 4;
      if (kind === 0) {
        const flips = 1 + Math.floor(rnd() * 4);
        for (let f = 0; f < flips; f++) buf[Math.floor(rnd() * buf.length)] = Math.floor(rnd() * 256);
        expectOnlyRecordErrors(buf, false, `flip case ${c}`);
        expectOnlyRecordErrors(buf, true, `flip case ${c} (validated)`);
      } else if (kind === 1) {
        expectOnlyRecordErrors(buf.subarray(0, Math.floor(rnd() * buf.length)), false, `truncate case ${c}`);
      } else if (kind === 2) {
        // Flip inside the records region of the first batch, then recompute nothing: CRC must catch it.
        const pos = 61 + Math.floor(rnd() * 40);
        buf[pos] = buf[pos]! ^ (1 + Math.floor(rnd() * 255));
        assert.throws(() => decodeEverything(buf, true), RecordBatchError, `crc case ${c}`);
      } else {
        // Random bytes with a plausible batch header.
        const junk = Buffer.from(Array.from({ length: 61 + Math.floor(rnd() * 200) }, () => Math.floor(rnd() * 256)));
        junk.writeInt32BE(junk.length - 12, 8);
        junk[16] = 2;
        junk[22] = junk[22]! & 0xf8 | (compression === 'none' ? 0 : [1, 2, 3, 4][c % 4]!);
        expectOnlyRecordErrors(junk, false, `junk case ${c}`);
      }
    }
  });
}
