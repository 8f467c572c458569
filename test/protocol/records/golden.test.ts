// One uncompressed batch written out byte by byte from RECORD-FORMAT.md; the CRC value was computed
// independently (kafka-python's pure-Python crc32c over bytes 21..end).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { encodeRecordBatch, readRecordBatches } from '../../../src/protocol/records/index.js';

const GOLDEN_HEX = [
  '0000000000000000', // baseOffset 0
  '0000004b', // batchLength 75 = 87 - 12
  'ffffffff', // partitionLeaderEpoch -1
  '02', // magic
  'a0d8f84d', // crc32c(attributes..end)
  '0000', // attributes: no compression, CreateTime, not transactional, not control
  '00000001', // lastOffsetDelta 1
  '00000000000003e8', // baseTimestamp 1000
  '00000000000003ed', // maxTimestamp 1005
  'ffffffffffffffff', // producerId -1
  'ffff', // producerEpoch -1
  'ffffffff', // baseSequence -1
  '00000002', // records count
  // record 0: length 18, attributes 0, timestampDelta 0, offsetDelta 0, key "key", value "value", 1 header h=1
  '24', '00', '00', '00', '06', '6b6579', '0a', '76616c7565', '02', '02', '68', '02', '31',
  // record 1: length 6, attributes 0, timestampDelta 5, offsetDelta 1, null key, null value, 0 headers
  '0c', '00', '0a', '02', '01', '01', '00',
].join('');

test('golden: encoder output equals the hand-built batch', () => {
  const batch = encodeRecordBatch({
    records: [
      { key: Buffer.from('key'), value: Buffer.from('value'), headers: [{ key: 'h', value: Buffer.from('1') }], timestamp: 1000 },
      { key: null, value: null, timestamp: 1005 },
    ],
  });
  assert.equal(batch.toString('hex'), GOLDEN_HEX);
});

test('golden: decoder reads the hand-built batch', () => {
  const { batches, partial } = readRecordBatches(Buffer.from(GOLDEN_HEX, 'hex'));
  assert.equal(partial, null);
  assert.equal(batches.length, 1);
  const b = batches[0]!;
  assert.equal(b.baseOffset, 0);
  assert.equal(b.batchLength, 75);
  assert.equal(b.partitionLeaderEpoch, -1);
  assert.equal(b.magic, 2);
  assert.equal(b.crc, 0xa0d8f84d);
  assert.ok(b.isValidCrc());
  assert.equal(b.attributes, 0);
  assert.equal(b.lastOffsetDelta, 1);
  assert.equal(b.baseTimestamp, 1000);
  assert.equal(b.maxTimestamp, 1005);
  assert.equal(b.producerId, -1);
  assert.equal(b.producerEpoch, -1);
  assert.equal(b.baseSequence, -1);
  assert.equal(b.recordCount, 2);
  const records = b.toRecords();
  assert.deepEqual(records, [
    {
      offset: 0, timestamp: 1000, offsetDelta: 0, timestampDelta: 0, attributes: 0,
      key: Buffer.from('key'), value: Buffer.from('value'), headers: [{ key: 'h', value: Buffer.from('1') }],
    },
    { offset: 1, timestamp: 1005, offsetDelta: 1, timestampDelta: 5, attributes: 0, key: null, value: null, headers: [] },
  ]);
});
