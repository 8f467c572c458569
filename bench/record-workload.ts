// Realistic record batches for the record and codec benchmarks: JSON-ish values of a target size with
// repeated field names and varying ids/text (compressible like real event data, not like zeros).

import { encodeRecordBatch, type RecordInput } from '../src/protocol/records/index.js';

const WORDS = ['alpha', 'bravo', 'click', 'view', 'checkout', 'search', 'europe', 'mobile', 'desktop', 'premium', 'guest', 'cart'];

function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s;
  };
}

export function makeRecords(count: number, valueSize: number, seed = 1): RecordInput[] {
  const rnd = lcg(seed);
  const records: RecordInput[] = [];
  const t0 = 1_732_000_000_000;
  for (let i = 0; i < count; i++) {
    const user = rnd() % 100000;
    let value = `{"user":"user-${user}","event":"${WORDS[rnd() % WORDS.length]}","page":"/p/${rnd() % 5000}","ts":${t0 + i},"tags":[`;
    while (value.length < valueSize - 20) value += `"${WORDS[rnd() % WORDS.length]}-${rnd() % 1000}",`;
    value = (value + '"x"]}' + ' '.repeat(valueSize)).slice(0, valueSize);
    records.push({ key: Buffer.from(`user-${user}`), value: Buffer.from(value), headers: [], timestamp: t0 + i });
  }
  return records;
}

/** The uncompressed records region (what a codec compresses) of a batch of `count` records. */
export function recordsRegion(count: number, valueSize: number): Buffer {
  return encodeRecordBatch({ records: makeRecords(count, valueSize) }).subarray(61);
}

/** Runs `fn` repeatedly for about `ms` milliseconds (after a warm-up); returns calls per second. */
export function measure(fn: () => unknown, ms = 300): number {
  const warmEnd = performance.now() + ms / 4;
  while (performance.now() < warmEnd) fn();
  let calls = 0;
  const start = performance.now();
  let now = start;
  while (now - start < ms) {
    for (let i = 0; i < 10; i++) fn();
    calls += 10;
    now = performance.now();
  }
  return (calls * 1000) / (now - start);
}

export async function measureAsync(fn: () => Promise<unknown>, ms = 300): Promise<number> {
  let calls = 0;
  const start = performance.now();
  let now = start;
  while (now - start < ms) {
    await fn();
    calls++;
    now = performance.now();
  }
  return (calls * 1000) / (now - start);
}

export function printTable(rows: Record<string, string | number>[]): void {
  if (rows.length === 0) return;
  const cols = Object.keys(rows[0]!);
  const width = cols.map((c) => Math.max(c.length, ...rows.map((r) => String(r[c] ?? '').length)));
  const line = (cells: string[]) => cells.map((s, i) => s.padEnd(width[i]!)).join('  ');
  console.log(line(cols));
  console.log(line(width.map((w) => '-'.repeat(w))));
  for (const r of rows) console.log(line(cols.map((c) => String(r[c] ?? ''))));
}
