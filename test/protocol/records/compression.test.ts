import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  compressionCodec,
  encodeRecordBatch,
  RecordBatch,
  RecordBatchError,
  validateRecordBatch,
  type CompressionName,
  type RecordInput,
} from '../../../src/protocol/records/index.js';

const CODECS: CompressionName[] = ['gzip', 'snappy', 'lz4', 'zstd'];

function records(n: number, size: number): RecordInput[] {
  return Array.from({ length: n }, (_, i) => ({
    key: i % 5 === 0 ? null : Buffer.from(`user-${i % 17}`),
    value: i % 11 === 10 ? null : Buffer.from(`{"i":${i},"pad":"${'abcdefgh'.repeat(size / 8)}"}`),
    headers: i % 3 === 0 ? [{ key: 'source', value: Buffer.from('test') }] : [],
    timestamp: 1_700_000_000_000 + i,
  }));
}

for (const codec of CODECS) {
  test(`${codec}: batch round-trip (small and multi-block sizes)`, () => {
    for (const [n, size] of [[1, 8], [100, 96], [120, 1024]] as const) {
      const input = records(n, size);
      const buf = encodeRecordBatch({ records: input, compression: codec, baseOffset: 10 });
      const batch = new RecordBatch(buf);
      assert.equal(batch.compression, compressionCodec(batch.compression).id);
      assert.equal(compressionCodec(batch.compression).name, codec);
      validateRecordBatch(batch, { contiguousOffsets: true });
      const out = batch.toRecords();
      assert.equal(out.length, n);
      out.forEach((r, i) => {
        assert.equal(r.offset, 10 + i);
        assert.deepEqual(r.key, input[i]!.key);
        assert.deepEqual(r.value, input[i]!.value);
        assert.deepEqual(r.headers, input[i]!.headers);
      });
      if (n === 120) assert.ok(buf.length < 61 + 120 * 1024 / 4, `${codec} actually compresses`);
    }
  });

  test(`${codec}: damaged compressed data is a typed error, not a crash or hang`, () => {
    const buf = encodeRecordBatch({ records: records(50, 64), compression: codec });
    for (const cut of [62, 70, buf.length - 5]) {
      const damaged = Buffer.from(buf.subarray(0, cut));
      damaged.writeInt32BE(damaged.length - 12, 8);
      assert.throws(() => new RecordBatch(damaged).toRecords(), (e: unknown) => e instanceof RecordBatchError && e.code === 'CORRUPT_RECORD', `cut at ${cut}`);
    }
    const garbage = Buffer.from(buf);
    for (let i = 61; i < garbage.length; i += 3) garbage[i] = (garbage[i]! * 31 + 7) & 0xff;
    assert.throws(() => new RecordBatch(garbage).toRecords(), (e: unknown) => e instanceof RecordBatchError && e.code === 'CORRUPT_RECORD');
  });
}

test('snappy: written in xerial framing like the Java client, raw blocks (librdkafka) also read', () => {
  const data = Buffer.from('kafka snappy '.repeat(6000)); // > 32 KiB: several xerial chunks
  const codec = compressionCodec(2);
  const framed = codec.compress(data);
  assert.deepEqual([...framed.subarray(0, 16)], [0x82, 0x53, 0x4e, 0x41, 0x50, 0x50, 0x59, 0, 0, 0, 0, 1, 0, 0, 0, 1]);
  assert.ok(codec.decompress(framed).equals(data));
  // Chunk lengths: each chunk decompresses to at most 32 KiB, so a 78 KB input needs 3 chunks.
  let chunks = 0;
  for (let pos = 16; pos < framed.length; pos += 4 + framed.readInt32BE(pos)) chunks++;
  assert.equal(chunks, Math.ceil(data.length / 32768));
  // A raw snappy block (as librdkafka sends): take the first chunk's payload alone.
  const small = Buffer.from('raw snappy block '.repeat(100));
  const rawBlock = codec.compress(small).subarray(20);
  assert.ok(codec.decompress(rawBlock).equals(small));
});

test('lz4: standard frame with the block-independence flag the Java client requires', () => {
  const frame = compressionCodec(3).compress(Buffer.from('lz4 '.repeat(1000)));
  assert.equal(frame.readUInt32LE(0), 0x184d2204, 'LZ4 frame magic');
  const flg = frame[4]!;
  assert.equal(flg >> 6, 1, 'frame version 01');
  assert.ok((flg & 0x20) !== 0, 'block independence');
  assert.equal(flg & 0x03, 0, 'reserved bits');
  assert.ok([4, 5, 6, 7].includes((frame[5]! >> 4) & 0x07), 'block max size 64 KB..4 MB');
});

test('zstd: standard frame magic', () => {
  assert.equal(compressionCodec(4).compress(Buffer.from('zstd')).readUInt32LE(0), 0xfd2fb528);
});

test('unknown compression ids (5-7) are UNSUPPORTED_COMPRESSION', () => {
  const buf = encodeRecordBatch({ records: records(2, 8) });
  buf[22] = 5; // attributes low byte
  const batch = new RecordBatch(buf);
  assert.throws(() => batch.toRecords(), (e: unknown) => e instanceof RecordBatchError && e.code === 'UNSUPPORTED_COMPRESSION' && e.kafkaErrorCode === 76);
  assert.throws(() => encodeRecordBatch({ records: [], compression: 'brotli' as CompressionName }), RecordBatchError);
});

test('snappy: a raw block claiming an impossible decoded size is rejected before decoding', () => {
  // Preamble claims 0xffffffff bytes, followed by a short literal.
  const bomb = Buffer.from([0xff, 0xff, 0xff, 0xff, 0x0f, 0x00, 0x41]);
  assert.throws(() => compressionCodec(2).decompress(bomb), (e: unknown) => e instanceof RecordBatchError && e.code === 'CORRUPT_RECORD');
  // The highest-ratio real input still decodes: 1 MiB of one byte.
  const ones = Buffer.alloc(1 << 20, 0x61);
  assert.ok(compressionCodec(2).decompress(compressionCodec(2).compress(ones)).equals(ones));
});
