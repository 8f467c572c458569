// Byte compatibility with an independent implementation: kafka-python's DefaultRecordBatchBuilder builds
// batches we decode, and its DefaultRecordBatch decodes batches we encode, for every codec it has here
// (Debian python3-kafka; snappy/lz4/zstd need python3-snappy, python3-lz4, python3-zstandard).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import {
  encodeEndTxnMarkerBatch,
  encodeRecordBatch,
  readRecordBatches,
  validateRecordBatch,
  type CompressionName,
  type RecordInput,
} from '../../../src/protocol/records/index.js';

const PYTHON = '/usr/bin/python3';
const SCRIPT = fileURLToPath(new URL('./fixtures/kafka_python_batches.py', import.meta.url));
const CODECS: CompressionName[] = ['none', 'gzip', 'snappy', 'lz4', 'zstd'];

interface PyRecord {
  offset?: number;
  offsetDelta?: number;
  timestamp: number;
  key: string | null;
  value: string | null;
  headers: [string, string | null][];
}

function python(request: unknown): { available: Record<string, boolean>; result: Record<string, unknown> } | null {
  if (!existsSync(PYTHON)) return null;
  const r = spawnSync(PYTHON, [SCRIPT], { input: JSON.stringify(request), encoding: 'utf8', timeout: 30_000 });
  if (r.status !== 0) {
    if (r.stderr.includes("No module named 'kafka'")) return null;
    throw new Error(`kafka-python bridge failed: ${r.stderr}`);
  }
  return JSON.parse(r.stdout) as { available: Record<string, boolean>; result: Record<string, unknown> };
}

const hex = (b: Buffer | null) => (b === null ? null : b.toString('hex'));

function sampleRecords(): RecordInput[] {
  const out: RecordInput[] = [];
  for (let i = 0; i < 40; i++) {
    out.push({
      key: i % 4 === 0 ? null : Buffer.from(`key-${i % 7}`),
      value: i % 9 === 8 ? null : Buffer.from(`{"n":${i},"text":"${'lorem ipsum '.repeat(1 + (i % 5))}"}`),
      headers: i % 3 === 0 ? [{ key: 'h-ü', value: Buffer.from([i, 0, 255]) }, { key: 'empty', value: null }] : [],
      timestamp: 1_732_000_000_000 + ((i * 37) % 101) - 50,
    });
  }
  return out;
}

const pythonAvailable = python({ mode: 'probe' }) !== null;

test('kafka-python builds batches, kstreams decodes them (every codec, raw and xerial snappy)', { skip: !pythonAvailable && 'kafka-python not installed' }, (t) => {
  const records = sampleRecords();
  const spec: PyRecord[] = records.map((r, i) => ({
    offsetDelta: i,
    timestamp: r.timestamp,
    key: hex(r.key),
    value: hex(r.value),
    headers: (r.headers ?? []).map((h) => [h.key, hex(h.value)]),
  }));
  const res = python({ mode: 'build', records: spec, producerId: 77, producerEpoch: 2, baseSequence: 500, transactional: true })!;
  const built = res.result as Record<string, string>;
  for (const codec of CODECS) {
    if (!res.available[codec]) {
      t.diagnostic(`kafka-python has no ${codec} codec here: not checked`);
      continue;
    }
    for (const name of codec === 'snappy' ? ['snappy', 'snappy-raw'] : [codec]) {
      const { batches, partial } = readRecordBatches(Buffer.from(built[name]!, 'hex'));
      assert.equal(partial, null);
      assert.equal(batches.length, 1);
      const b = batches[0]!;
      assert.equal(b.compression, CODECS.indexOf(codec), `${name} codec id`);
      assert.equal(b.producerId, 77);
      assert.equal(b.producerEpoch, 2);
      assert.equal(b.baseSequence, 500);
      assert.equal(b.isTransactional, true);
      assert.equal(b.maxTimestamp, Math.max(...records.map((r) => r.timestamp)));
      validateRecordBatch(b, { contiguousOffsets: true });
      const decoded = b.toRecords().map((r) => ({
        offsetDelta: r.offsetDelta,
        timestamp: r.timestamp,
        key: hex(r.key),
        value: hex(r.value),
        headers: r.headers.map((h) => [h.key, hex(h.value)]),
      }));
      assert.deepEqual(decoded, spec, `${name} records`);
    }
  }
});

test('kstreams encodes batches, kafka-python decodes them (every codec, control marker)', { skip: !pythonAvailable && 'kafka-python not installed' }, (t) => {
  const records = sampleRecords();
  const avail = python({ mode: 'probe' })!.available;
  const batches: Record<string, string> = {};
  for (const codec of CODECS) {
    if (!avail[codec]) {
      t.diagnostic(`kafka-python has no ${codec} codec here: not checked`);
      continue;
    }
    batches[codec] = encodeRecordBatch({ records, compression: codec, baseOffset: 1234, producerId: 5, producerEpoch: 1, baseSequence: 9 }).toString('hex');
  }
  batches['marker'] = encodeEndTxnMarkerBatch({ type: 'commit', coordinatorEpoch: 3, producerId: 5, producerEpoch: 1, timestamp: 1_732_000_000_999, baseOffset: 1274 }).toString('hex');
  const res = python({ mode: 'read', batches })!.result as Record<string, { crcValid: boolean; records: PyRecord[] } & Record<string, unknown>>;
  const expected = records.map((r, i) => ({
    offset: 1234 + i,
    timestamp: r.timestamp,
    key: hex(r.key),
    value: hex(r.value),
    headers: (r.headers ?? []).map((h) => [h.key, hex(h.value)]),
  }));
  for (const codec of Object.keys(batches).filter((n) => n !== 'marker')) {
    const got = res[codec]!;
    assert.equal(got.crcValid, true, `${codec} CRC accepted by kafka-python`);
    assert.equal(got['compression'], CODECS.indexOf(codec as CompressionName));
    assert.equal(got['baseOffset'], 1234);
    assert.equal(got['producerId'], 5);
    assert.equal(got['producerEpoch'], 1);
    assert.equal(got['baseSequence'], 9);
    assert.equal(got['lastOffsetDelta'], records.length - 1);
    assert.equal(got['maxTimestamp'], Math.max(...records.map((r) => r.timestamp)));
    assert.deepEqual(got.records, expected, `${codec} records`);
  }
  const marker = res['marker']!;
  assert.equal(marker.crcValid, true);
  assert.equal(marker['isControl'], true);
  assert.equal(marker['isTransactional'], true);
  assert.deepEqual(marker.records.map((r) => [r.offset, r.key, r.value]), [[1274, '00000001', '000000000003']]);
});

// Keeps the concatenation path honest with foreign bytes too: two kafka-python batches back to back.
test('kafka-python batches concatenated split correctly', { skip: !pythonAvailable && 'kafka-python not installed' }, () => {
  const res = python({ mode: 'build', records: [{ offsetDelta: 0, timestamp: 1, key: null, value: '00', headers: [] }] })!;
  const one = Buffer.from((res.result as Record<string, string>)['none']!, 'hex');
  const { batches, partial } = readRecordBatches(Buffer.concat([one, one, one.subarray(0, 30)]));
  assert.equal(batches.length, 2);
  assert.equal(partial?.availableBytes, 30);
});
