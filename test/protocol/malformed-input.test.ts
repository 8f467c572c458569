import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { apiRegistry, FrameDecoder, MalformedMessageError, readRequestHeader, type ApiDefinition } from '../../src/protocol/index.js';
import { Reader } from '../../src/protocol/primitives/reader.js';
import { Writer } from '../../src/protocol/primitives/writer.js';
import { loadSpec, rng, specApis, ValueBuilder, versionBounds } from './spec-values.js';

// The broker decodes bytes from anyone: truncated or corrupted input must end in a MalformedMessageError
// (or a successful decode), never another exception, a hang or a huge allocation.

function expectMalformedOrOk(decode: () => unknown, what: string): void {
  try {
    decode();
  } catch (e) {
    if (!(e instanceof MalformedMessageError)) {
      assert.fail(`${what}: expected MalformedMessageError, got ${String(e)}`);
    }
  }
}

describe('malformed input', () => {
  for (const name of specApis()) {
    it(`${name}: every truncation throws, random corruption never escapes as another error`, () => {
      const reqSpec = loadSpec(`${name}Request.json`);
      const resSpec = loadSpec(`${name}Response.json`);
      const api = apiRegistry.get(reqSpec.apiKey!) as ApiDefinition<unknown, unknown>;
      const [lo, hi] = versionBounds(reqSpec.validVersions);
      const rand = rng(reqSpec.apiKey! + 7);
      for (let v = lo; v <= hi; v++) {
        for (const [spec, encode, decode] of [
          [reqSpec, api.encodeRequest.bind(api), api.decodeRequest.bind(api)],
          [resSpec, api.encodeResponse.bind(api), api.decodeResponse.bind(api)],
        ] as const) {
          const w = new Writer();
          encode(w, v, new ValueBuilder(spec, 'full', v).build(v));
          const bytes = Buffer.from(w.finish());
          const step = Math.max(1, Math.floor(bytes.length / 60));
          for (let cut = 0; cut < bytes.length; cut += step) {
            assert.throws(() => decode(new Reader(bytes.subarray(0, cut)), v), MalformedMessageError, `${spec.name} v${v} cut at ${cut}`);
          }
          for (let i = 0; i < 40; i++) {
            const bad = Buffer.from(bytes);
            const flips = 1 + Math.floor(rand() * 4);
            for (let f = 0; f < flips; f++) bad[Math.floor(rand() * bad.length)] = Math.floor(rand() * 256);
            expectMalformedOrOk(() => decode(new Reader(bad), v), `${spec.name} v${v}`);
          }
        }
      }
    });
  }

  it('random garbage as a request frame is rejected with MalformedMessageError', () => {
    const rand = rng(99);
    for (let i = 0; i < 2000; i++) {
      const len = Math.floor(rand() * 64);
      const frame = Buffer.alloc(len);
      for (let j = 0; j < len; j++) frame[j] = Math.floor(rand() * 256);
      // make some of them valid headers of known APIs so the body decoders see garbage too
      if (len >= 4 && rand() < 0.7) {
        const keys = [...apiRegistry.keys()];
        const api = apiRegistry.get(keys[Math.floor(rand() * keys.length)]!)!;
        frame.writeInt16BE(api.apiKey, 0);
        frame.writeInt16BE(api.minVersion + Math.floor(rand() * (api.maxVersion - api.minVersion + 1)), 2);
      }
      expectMalformedOrOk(() => {
        const { header, api, reader } = readRequestHeader(frame);
        api?.decodeRequest(reader, header.requestApiVersion);
      }, `frame ${frame.toString('hex')}`);
    }
  });

  it('bogus huge counts fail fast instead of allocating', () => {
    const api = apiRegistry.get(3)!; // Metadata v4: topics array of int32 count
    const start = process.hrtime.bigint();
    assert.throws(() => api.decodeRequest(new Reader(Buffer.from('7fffffff01', 'hex')), 4), /exceeds/);
    // Fetch v12: compact array count near 2^32
    assert.throws(() => apiRegistry.get(1)!.decodeRequest(new Reader(Buffer.from('ffffffff000001f400000001001000000100000000ffffffffffffffff0f', 'hex')), 12), MalformedMessageError);
    assert.ok(process.hrtime.bigint() - start < 1_000_000_000n);
  });

  it('FrameDecoder rejects negative and oversized frame sizes', () => {
    assert.throws(() => new FrameDecoder().push(Buffer.from('ffffffff', 'hex')), MalformedMessageError);
    assert.throws(() => new FrameDecoder({ maxFrameBytes: 10 }).push(Buffer.from('0000000b', 'hex')), MalformedMessageError);
  });
});
