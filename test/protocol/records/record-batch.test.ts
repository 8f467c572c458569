import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  encodeEndTxnMarkerBatch,
  encodeRecordBatch,
  readEndTxnMarker,
  readRecordBatches,
  RecordBatch,
  RecordBatchError,
  setBaseOffset,
  setLogAppendTime,
  setPartitionLeaderEpoch,
  validateRecordBatch,
  type RecordInput,
} from '../../../src/protocol/records/index.js';
import { RecordBatchBuilder } from '../../../src/protocol/records/batch-builder.js';

const NOW = 1_732_000_000_123;

function sampleRecords(n: number): RecordInput[] {
  const out: RecordInput[] = [];
  for (let i = 0; i < n; i++) {
    out.push({
      key: i % 3 === 0 ? null : Buffer.from(`key-${i}`),
      value: i % 5 === 4 ? null : Buffer.from(`value-${i}-`.repeat(i % 7)),
      headers: i % 2 === 0 ? [] : [{ key: 'trace', value: Buffer.from([i & 0xff]) }, { key: 'ünï', value: null }],
      // Timestamps not monotonic: deltas may be negative.
      timestamp: NOW + ((i * 7919) % 1000) - 500,
    });
  }
  return out;
}

function isRecordError(code: string) {
  return (e: unknown) => e instanceof RecordBatchError && e.code === code;
}

test('round-trip: records, headers, null keys/values, negative timestamp deltas', () => {
  const records = sampleRecords(50);
  const buf = encodeRecordBatch({ records, baseOffset: 1000, partitionLeaderEpoch: 7, producerId: 4242, producerEpoch: 3, baseSequence: 17 });
  const batch = new RecordBatch(buf);
  assert.equal(batch.baseOffset, 1000);
  assert.equal(batch.partitionLeaderEpoch, 7);
  assert.equal(batch.producerId, 4242);
  assert.equal(batch.producerEpoch, 3);
  assert.equal(batch.baseSequence, 17);
  assert.equal(batch.lastSequence, 17 + 49);
  assert.equal(batch.recordCount, 50);
  assert.equal(batch.lastOffsetDelta, 49);
  assert.equal(batch.lastOffset, 1049);
  assert.equal(batch.nextOffset, 1050);
  assert.equal(batch.baseTimestamp, records[0]!.timestamp);
  assert.equal(batch.maxTimestamp, Math.max(...records.map((r) => r.timestamp)));
  assert.equal(batch.compression, 0);
  assert.equal(batch.timestampType, 0);
  assert.equal(batch.isTransactional, false);
  assert.equal(batch.isControl, false);
  assert.ok(batch.isValidCrc());
  const decoded = batch.toRecords();
  assert.equal(decoded.length, 50);
  decoded.forEach((d, i) => {
    const r = records[i]!;
    assert.equal(d.offset, 1000 + i);
    assert.equal(d.offsetDelta, i);
    assert.equal(d.timestamp, r.timestamp);
    assert.deepEqual(d.key, r.key);
    assert.deepEqual(d.value, r.value);
    assert.deepEqual(d.headers, r.headers);
  });
  assert.deepEqual(validateRecordBatch(batch, { contiguousOffsets: true }), {
    recordCount: 50,
    maxRecordTimestamp: batch.maxTimestamp,
  });
});

test('iterator and callback see the same records; values are zero-copy slices of the batch', () => {
  const buf = encodeRecordBatch({ records: sampleRecords(20) });
  const batch = new RecordBatch(buf);
  const viaCallback: unknown[] = [];
  batch.forEachRecord((r) => viaCallback.push(r.toRecord()));
  const viaIterator: unknown[] = [];
  for (const r of batch.records()) viaIterator.push(r.toRecord());
  assert.deepEqual(viaIterator, viaCallback);
  for (const r of batch.records()) {
    const v = r.value;
    if (v !== null && v.length > 0) {
      assert.equal(v.buffer, buf.buffer, 'value shares the batch memory');
      break;
    }
  }
});

test('attributes, explicit offset deltas, timestamps and delete horizon round-trip', () => {
  const buf = encodeRecordBatch({
    records: [
      { key: Buffer.from('a'), value: Buffer.from('1'), timestamp: 5, offsetDelta: 0 },
      { key: Buffer.from('c'), value: Buffer.from('3'), timestamp: 9, offsetDelta: 2 },
    ],
    lastOffsetDelta: 4,
    timestampType: 'logAppendTime',
    maxTimestamp: 77,
    transactional: true,
    deleteHorizonMs: 1_000_000,
  });
  const batch = new RecordBatch(buf);
  assert.equal(batch.timestampType, 1);
  assert.equal(batch.isTransactional, true);
  assert.equal(batch.hasDeleteHorizon, true);
  assert.equal(batch.deleteHorizonMs, 1_000_000);
  assert.equal(batch.maxTimestamp, 77);
  assert.equal(batch.lastOffsetDelta, 4);
  // LogAppendTime: every record reports the broker's append time (maxTimestamp), deltas stay as written.
  // Deltas are taken against the delete horizon (baseTimestamp).
  assert.deepEqual(
    batch.toRecords().map((r) => [r.offsetDelta, r.timestamp, r.timestampDelta]),
    [
      [0, 77, 5 - 1_000_000],
      [2, 77, 9 - 1_000_000],
    ],
  );
  assert.deepEqual(validateRecordBatch(batch).maxRecordTimestamp, 9);
  validateRecordBatch(batch);
  assert.throws(() => validateRecordBatch(batch, { contiguousOffsets: true }), isRecordError('INVALID_RECORD'));
});

test('empty batch (as left by compaction) encodes and decodes', () => {
  const batch = new RecordBatch(encodeRecordBatch({ records: [], baseOffset: 10, lastOffsetDelta: 3, producerId: 1, producerEpoch: 0, baseSequence: 0 }));
  assert.equal(batch.recordCount, 0);
  assert.equal(batch.baseTimestamp, -1);
  assert.equal(batch.nextOffset, 14);
  assert.deepEqual(batch.toRecords(), []);
  validateRecordBatch(batch);
});

test('control batches: COMMIT and ABORT markers with coordinator epoch', () => {
  for (const type of ['commit', 'abort'] as const) {
    const buf = encodeEndTxnMarkerBatch({ type, coordinatorEpoch: 12, producerId: 99, producerEpoch: 4, timestamp: NOW, baseOffset: 55 });
    const batch = new RecordBatch(buf);
    assert.equal(batch.isControl, true);
    assert.equal(batch.isTransactional, true);
    assert.equal(batch.compression, 0);
    assert.equal(batch.baseSequence, -1);
    assert.equal(batch.producerId, 99);
    assert.equal(batch.producerEpoch, 4);
    assert.equal(batch.recordCount, 1);
    const [record] = batch.toRecords();
    assert.equal(record!.offset, 55);
    assert.deepEqual(readEndTxnMarker(record!), { type, coordinatorEpoch: 12 });
    // Key: version 0, type (0 abort, 1 commit); value: version 0, epoch.
    assert.deepEqual([...record!.key!], [0, 0, 0, type === 'commit' ? 1 : 0]);
    assert.deepEqual([...record!.value!], [0, 0, 0, 0, 0, 12]);
    validateRecordBatch(batch);
  }
  assert.equal(readEndTxnMarker({ key: Buffer.from([0, 0, 0, 2]), value: null }), null, 'other control types are not markers');
  assert.throws(() => readEndTxnMarker({ key: Buffer.from([0, 0, 0, 1]), value: Buffer.from([0, 0, 0]) }), isRecordError('INVALID_RECORD'));
  assert.throws(() => readEndTxnMarker({ key: Buffer.from([0, 0]), value: null }), isRecordError('INVALID_RECORD'));
});

test('concatenated batches with a truncated last batch: complete ones returned, the partial one reported', () => {
  const a = encodeRecordBatch({ records: sampleRecords(3), baseOffset: 0 });
  const b = encodeRecordBatch({ records: sampleRecords(4), baseOffset: 3 });
  const c = encodeRecordBatch({ records: sampleRecords(5), baseOffset: 7 });
  const all = Buffer.concat([a, b, c]);
  const full = readRecordBatches(all);
  assert.equal(full.partial, null);
  assert.deepEqual(full.batches.map((x) => x.baseOffset), [0, 3, 7]);
  for (const cut of [1, 11, 12, 20, 61, c.length - 1]) {
    const r = readRecordBatches(all.subarray(0, a.length + b.length + cut));
    assert.deepEqual(r.batches.map((x) => x.recordCount), [3, 4]);
    assert.equal(r.partial!.position, a.length + b.length);
    assert.equal(r.partial!.availableBytes, cut);
    assert.equal(r.partial!.sizeInBytes, cut >= 12 ? c.length : -1);
  }
  assert.deepEqual(readRecordBatches(Buffer.alloc(0)), { batches: [], partial: null });
});

test('corrupted CRC is detected; magic other than 2 is rejected', () => {
  const buf = encodeRecordBatch({ records: sampleRecords(5) });
  const bad = Buffer.from(buf);
  bad[bad.length - 3]! ^= 0x01;
  const batch = new RecordBatch(bad);
  assert.equal(batch.isValidCrc(), false);
  assert.throws(() => batch.verifyCrc(), isRecordError('CORRUPT_RECORD'));
  assert.throws(() => validateRecordBatch(batch), isRecordError('CORRUPT_RECORD'));
  const v1 = Buffer.from(buf);
  v1[16] = 1;
  assert.throws(() => readRecordBatches(v1), isRecordError('UNSUPPORTED_MAGIC'));
});

test('broker rewrites: baseOffset and leader epoch in place keep the CRC valid; LogAppendTime recomputes it', () => {
  const buf = encodeRecordBatch({ records: sampleRecords(3) });
  const crc = new RecordBatch(buf).crc;
  setBaseOffset(buf, 123_456_789_012);
  setPartitionLeaderEpoch(buf, 9);
  const batch = new RecordBatch(buf);
  assert.equal(batch.baseOffset, 123_456_789_012);
  assert.equal(batch.partitionLeaderEpoch, 9);
  assert.equal(batch.crc, crc);
  assert.ok(batch.isValidCrc());
  assert.equal(batch.toRecords()[2]!.offset, 123_456_789_014);
  setLogAppendTime(buf, NOW + 5000);
  assert.equal(batch.timestampType, 1);
  assert.equal(batch.maxTimestamp, NOW + 5000);
  assert.ok(batch.isValidCrc());
  assert.deepEqual(batch.toRecords().map((r) => r.timestamp), [NOW + 5000, NOW + 5000, NOW + 5000]);
  validateRecordBatch(batch, { contiguousOffsets: true });
});

test('record count or lengths that disagree with the bytes are CORRUPT_RECORD', () => {
  const buf = encodeRecordBatch({ records: sampleRecords(4) });
  const more = Buffer.from(buf);
  more.writeInt32BE(5, 57);
  assert.throws(() => new RecordBatch(more).toRecords(), isRecordError('CORRUPT_RECORD'));
  const fewer = Buffer.from(buf);
  fewer.writeInt32BE(3, 57);
  assert.throws(() => new RecordBatch(fewer).toRecords(), isRecordError('CORRUPT_RECORD'));
  assert.throws(() => [...new RecordBatch(fewer).records()], isRecordError('CORRUPT_RECORD'));
  const badLength = Buffer.from(buf);
  badLength.writeInt32BE(buf.length, 8);
  assert.throws(() => validateRecordBatch(new RecordBatch(badLength)), isRecordError('CORRUPT_RECORD'));
});

test('allocation-free positions point at the same bytes as key/value', () => {
  const records = sampleRecords(10);
  const batch = new RecordBatch(encodeRecordBatch({ records, compression: 'none' }));
  let i = 0;
  batch.forEachRecord((r) => {
    const { key, value } = records[i++]!;
    assert.equal(r.keyLength, key === null ? -1 : key.length);
    assert.equal(r.valueLength, value === null ? -1 : value.length);
    if (key !== null) assert.ok(r.data.subarray(r.keyStart, r.keyStart + r.keyLength).equals(key));
    if (value !== null) assert.ok(r.data.subarray(r.valueStart, r.valueStart + r.valueLength).equals(value));
  });
  assert.equal(i, 10);
});

test('a builder detached after build() encodes again into a new buffer: the bytes of the first build stay as they were', () => {
  const builder = new RecordBatchBuilder(256);
  for (const r of sampleRecords(3)) builder.append(r);
  const first = builder.build({ producerId: 7, producerEpoch: 0, baseSequence: 0 });
  const firstBytes = Buffer.from(first);
  builder.detach();
  const second = builder.build({ producerId: 7, producerEpoch: 1, baseSequence: 40 });
  assert.deepEqual(first, firstBytes, 'the first build is untouched (it may still be queued on a socket)');
  const [a] = readRecordBatches(first).batches;
  const [b] = readRecordBatches(second).batches;
  assert.equal(a!.baseSequence, 0);
  assert.equal(b!.baseSequence, 40);
  assert.equal(b!.producerEpoch, 1);
  assert.deepEqual([...b!.records()].map((r) => r.value), [...a!.records()].map((r) => r.value));
});
