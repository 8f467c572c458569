import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  decodeResponseFrame,
  encodeResponseFrame,
  encodeResponseFrameChunks,
  fetchApi,
  RecordChunks,
  Writer,
} from '../../src/protocol/index.js';
import type { FetchResponse } from '../../src/protocol/messages/fetch.js';

const filled = (n: number, seed: number): Buffer => Buffer.from(Array.from({ length: n }, (_, i) => (i * 7 + seed) % 256));

function fetchResponse(records: Buffer | RecordChunks): FetchResponse {
  return {
    throttleTimeMs: 0,
    errorCode: 0,
    sessionId: 0,
    responses: [
      {
        topic: 't',
        topicId: '00000000-0000-0000-0000-000000000001',
        partitions: [
          { partitionIndex: 0, errorCode: 0, highWatermark: 10n, lastStableOffset: 10n, logStartOffset: 0n, abortedTransactions: null, preferredReadReplica: -1, records },
          { partitionIndex: 1, errorCode: 0, highWatermark: 0n, lastStableOffset: 0n, logStartOffset: 0n, abortedTransactions: null, preferredReadReplica: -1, records: filled(10, 9) },
        ],
      },
    ],
  };
}

describe('record data kept by reference', () => {
  const chunks = [filled(5000, 1), filled(100, 2), filled(9000, 3)];
  const joined = Buffer.concat(chunks);

  for (const version of [4, 11, 12, 16]) {
    it(`a Fetch v${version} response encodes the same bytes from RecordChunks, copied or referenced`, () => {
      const expected = encodeResponseFrame({ api: fetchApi, version, correlationId: 7, data: fetchResponse(joined) });
      assert.ok(encodeResponseFrame({ api: fetchApi, version, correlationId: 7, data: fetchResponse(new RecordChunks(chunks)) }).equals(expected));
      const parts = encodeResponseFrameChunks({ api: fetchApi, version, correlationId: 7, data: fetchResponse(new RecordChunks(chunks)), externalChunksFrom: 4096 });
      // The two large chunks are the caller's buffers themselves, not copies.
      assert.ok(parts.includes(chunks[0]!) && parts.includes(chunks[2]!));
      assert.ok(!parts.includes(chunks[1]!));
      const bytes = Buffer.concat(parts);
      assert.ok(bytes.equals(expected));
      const decoded = decodeResponseFrame(bytes.subarray(4), fetchApi, version).body;
      assert.ok(decoded.responses[0]!.partitions[0]!.records!.equals(joined));
    });
  }

  it('a sized section around a referenced chunk gets the right length, and finish() joins it', () => {
    const big = filled(300, 5);
    const w = new Writer(16, { externalChunksFrom: 100 });
    w.int8(1);
    const start = w.beginSized();
    w.int8(2);
    w.records(big);
    w.int8(3);
    w.endSized(start);
    w.int8(4);
    assert.equal(w.length, 1 + 2 + 1 + 4 + 300 + 1 + 1);
    const plain = new Writer();
    plain.int8(1);
    const s2 = plain.beginSized();
    plain.int8(2);
    plain.records(big);
    plain.int8(3);
    plain.endSized(s2);
    plain.int8(4);
    assert.ok(Buffer.concat(w.finishChunks()).equals(plain.finish()));
    assert.ok(w.finish().equals(plain.finish()));
    assert.ok(w.finishChunks().includes(big));
  });
});
