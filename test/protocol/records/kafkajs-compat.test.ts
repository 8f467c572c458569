// Byte compatibility with kafkajs's own record batch encoder/decoder (package internals; kafkajs has
// gzip as its only built-in codec).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { encodeRecordBatch, readRecordBatches, validateRecordBatch } from '../../../src/protocol/records/index.js';

const require = createRequire(import.meta.url);

type KjsEncoder = { buffer: Buffer };
const { RecordBatch } = require('kafkajs/src/protocol/recordBatch/v0') as { RecordBatch: (o: Record<string, unknown>) => Promise<KjsEncoder> };
const Record = require('kafkajs/src/protocol/recordBatch/record/v0') as (o: Record<string, unknown>) => KjsEncoder;
const decodeBatch = require('kafkajs/src/protocol/recordBatch/v0/decoder') as (d: unknown) => Promise<{
  firstOffset: string;
  producerId: string;
  records: { offset: string; timestamp: string; key: Buffer | null; value: Buffer | null; headers: Record<string, Buffer> }[];
}>;
const Decoder = require('kafkajs/src/protocol/decoder') as new (b: Buffer) => unknown;
const { Types } = require('kafkajs/src/protocol/message/compression') as { Types: { None: number; GZIP: number } };
const Long = require('kafkajs/src/utils/long') as { fromValue(v: number): unknown };

const T0 = 1_732_000_000_000;
const input = Array.from({ length: 12 }, (_, i) => ({
  key: i % 4 === 0 ? null : Buffer.from(`k${i}`),
  value: Buffer.from(`value ${i} `.repeat(i + 1)),
  headers: i % 2 === 0 ? { trace: Buffer.from(`t${i}`) } : {},
  timestamp: T0 + i * 3,
}));

for (const [name, compression] of [['none', Types.None], ['gzip', Types.GZIP]] as const) {
  test(`kafkajs encodes (${name}), kstreams decodes`, async () => {
    const records = input.map((r, i) => Record({ offsetDelta: i, timestampDelta: r.timestamp - T0, key: r.key, value: r.value, headers: r.headers }));
    const enc = await RecordBatch({
      compression,
      firstOffset: Long.fromValue(500),
      firstTimestamp: T0,
      maxTimestamp: T0 + 33,
      lastOffsetDelta: input.length - 1,
      producerId: Long.fromValue(-1),
      producerEpoch: -1,
      firstSequence: -1,
      records,
    });
    const { batches, partial } = readRecordBatches(enc.buffer);
    assert.equal(partial, null);
    const b = batches[0]!;
    validateRecordBatch(b, { contiguousOffsets: true });
    assert.equal(b.compression, compression);
    assert.deepEqual(
      b.toRecords().map((r) => [r.offset, r.timestamp, r.key, r.value, r.headers]),
      input.map((r, i) => [500 + i, r.timestamp, r.key, r.value, Object.entries(r.headers).map(([key, value]) => ({ key, value }))]),
    );
  });

  test(`kstreams encodes (${name}), kafkajs decodes`, async () => {
    const buf = encodeRecordBatch({
      records: input.map((r) => ({ ...r, headers: Object.entries(r.headers).map(([key, value]) => ({ key, value })) })),
      compression: name,
      baseOffset: 77,
      producerId: 3,
    });
    const decoded = await decodeBatch(new Decoder(buf));
    assert.equal(decoded.firstOffset, '77');
    assert.equal(decoded.producerId, '3');
    assert.deepEqual(
      decoded.records.map((r) => [r.offset, r.timestamp, r.key, r.value, r.headers]),
      input.map((r, i) => [String(77 + i), String(r.timestamp), r.key, r.value, r.headers]),
    );
  });
}
