import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  apiRegistry,
  apiVersionsApi,
  decodeRequestFrame,
  decodeResponseFrame,
  encodeRequestFrame,
  encodeResponseFrame,
  FrameDecoder,
  heartbeatApi,
  isFlexibleVersion,
  readRequestHeader,
  requestHeaderVersion,
  responseHeaderVersion,
  UnsupportedVersionError,
  Writer,
} from '../../src/protocol/index.js';

describe('header versions', () => {
  it('request header v2 exactly for flexible versions, v1 otherwise', () => {
    for (const api of apiRegistry.values()) {
      for (let v = api.minVersion; v <= api.maxVersion; v++) {
        assert.equal(requestHeaderVersion(api.apiKey, v), isFlexibleVersion(api, v) ? 2 : 1, `${api.name} v${v}`);
        const expectedResponse = api.apiKey === 18 ? 0 : isFlexibleVersion(api, v) ? 1 : 0;
        assert.equal(responseHeaderVersion(api.apiKey, v), expectedResponse, `${api.name} v${v} response`);
      }
    }
    assert.equal(requestHeaderVersion(0, 9), 2); // Produce v9 is the first flexible one
    assert.equal(requestHeaderVersion(0, 8), 1);
    assert.equal(requestHeaderVersion(7, 0), 0); // ControlledShutdown v0
    assert.equal(requestHeaderVersion(999, 3), 1); // unknown key
  });

  it('ApiVersions responses always use header v0; unknown newer ApiVersions requests still parse as v2 headers', () => {
    assert.equal(responseHeaderVersion(18, 3), 0);
    assert.equal(responseHeaderVersion(18, 4), 0);
    // a client newer than us sends ApiVersions v9: header v2 (it is past the first flexible version)
    assert.equal(requestHeaderVersion(18, 9), 2);
    const w = new Writer();
    w.int16(18);
    w.int16(9);
    w.int32(5);
    w.nullableString('future');
    w.emptyTaggedFields();
    w.int8(123); // a body we cannot decode
    const { header, api, reader } = readRequestHeader(w.finish());
    assert.deepEqual(header, { requestApiKey: 18, requestApiVersion: 9, correlationId: 5, clientId: 'future' });
    assert.equal(api, apiVersionsApi);
    assert.equal(reader.remaining, 1);
    assert.throws(() => decodeRequestFrame(w.finish()), UnsupportedVersionError);
  });
});

describe('frames', () => {
  it('request and response frames carry a correct size prefix and round-trip', () => {
    const req = encodeRequestFrame({
      api: heartbeatApi,
      version: 4,
      correlationId: 11,
      clientId: 'app',
      data: { groupId: 'g', generationId: 3, memberId: 'm', groupInstanceId: null },
    });
    assert.equal(req.readInt32BE(0), req.length - 4);
    const d = decodeRequestFrame(req.subarray(4));
    assert.deepEqual(d.header, { requestApiKey: 12, requestApiVersion: 4, correlationId: 11, clientId: 'app' });
    assert.deepEqual(d.body, { groupId: 'g', generationId: 3, memberId: 'm', groupInstanceId: null });

    const res = encodeResponseFrame({ api: heartbeatApi, version: 4, correlationId: 11, data: { throttleTimeMs: 0, errorCode: 27 } });
    assert.equal(res.readInt32BE(0), res.length - 4);
    assert.deepEqual(decodeResponseFrame(res.subarray(4), heartbeatApi, 4), { correlationId: 11, body: { throttleTimeMs: 0, errorCode: 27 } });
  });

  it('a reused Writer keeps several frames apart when the caller copies between uses', () => {
    const w = new Writer();
    const a = Buffer.from(encodeResponseFrame({ api: heartbeatApi, version: 0, correlationId: 1, data: { errorCode: 0 }, writer: w }));
    w.reset();
    const b = encodeResponseFrame({ api: heartbeatApi, version: 0, correlationId: 2, data: { errorCode: 0 }, writer: w });
    assert.equal(a.readInt32BE(4), 1);
    assert.equal(b.readInt32BE(4), 2);
  });

  it('FrameDecoder splits frames across arbitrary chunk boundaries', () => {
    const frames = [1, 2, 3, 4].map((i) =>
      encodeResponseFrame({ api: heartbeatApi, version: 3, correlationId: i, data: { throttleTimeMs: i, errorCode: 0 } }),
    );
    const big = encodeResponseFrame({ api: apiVersionsApi, version: 3, correlationId: 5, data: { errorCode: 0, apiKeys: Array.from({ length: 500 }, (_, k) => ({ apiKey: k, minVersion: 0, maxVersion: 1 })), throttleTimeMs: 0 } });
    const stream = Buffer.concat([...frames, big]);
    for (const chunkSize of [1, 2, 3, 5, 7, 64, 1000, stream.length]) {
      const dec = new FrameDecoder();
      const out: Buffer[] = [];
      for (let i = 0; i < stream.length; i += chunkSize) out.push(...dec.push(stream.subarray(i, i + chunkSize)));
      assert.equal(out.length, 5, `chunk size ${chunkSize}`);
      assert.equal(dec.bufferedBytes, 0);
      out.slice(0, 4).forEach((f, i) => assert.deepEqual(decodeResponseFrame(f, heartbeatApi, 3).body, { throttleTimeMs: i + 1, errorCode: 0 }));
      assert.equal(decodeResponseFrame(out[4]!, apiVersionsApi, 3).body.apiKeys.length, 500);
    }
  });

  it('frames inside one chunk are zero-copy views', () => {
    const f = encodeResponseFrame({ api: heartbeatApi, version: 0, correlationId: 1, data: { errorCode: 0 } });
    const [out] = new FrameDecoder().push(f);
    assert.equal(out!.buffer, f.buffer);
  });
});
