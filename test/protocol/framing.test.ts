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
  MalformedMessageError,
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

  it('FrameDecoder fills a large frame from many chunks and reports what it buffers', () => {
    const body = Buffer.alloc(300_000);
    for (let i = 0; i < body.length; i++) body[i] = i % 251;
    const prefix = (n: number) => { const b = Buffer.alloc(4); b.writeInt32BE(n); return b; };
    const stream = Buffer.concat([prefix(0), prefix(body.length), body, prefix(3), Buffer.from('abc')]);
    for (const chunkSize of [1, 3, 4, 65536, 100_000]) {
      const dec = new FrameDecoder();
      const out: Buffer[] = [];
      let maxBuffered = 0;
      for (let i = 0; i < stream.length; i += chunkSize) {
        out.push(...dec.push(stream.subarray(i, i + chunkSize)));
        maxBuffered = Math.max(maxBuffered, dec.bufferedBytes);
      }
      assert.equal(out.length, 3, `chunk size ${chunkSize}`);
      assert.equal(out[0]!.length, 0);
      assert.ok(out[1]!.equals(body));
      assert.equal(out[2]!.toString(), 'abc');
      assert.equal(dec.bufferedBytes, 0);
      assert.ok(maxBuffered > 0 && maxBuffered <= 4 + body.length);
    }
  });

  it('FrameDecoder checks a size prefix split across chunks', () => {
    const dec = new FrameDecoder({ maxFrameBytes: 1000 });
    assert.deepEqual(dec.push(Buffer.from('0000', 'hex')), []);
    assert.throws(() => dec.push(Buffer.from('ffff', 'hex')), MalformedMessageError);
  });

  it('frames inside one chunk are zero-copy views', () => {
    const f = encodeResponseFrame({ api: heartbeatApi, version: 0, correlationId: 1, data: { errorCode: 0 } });
    const [out] = new FrameDecoder().push(f);
    assert.equal(out!.buffer, f.buffer);
  });
});

describe('frame decoder reading into the buffers it hands out (socket onread)', () => {
  /** feeds `stream` to the decoder in reads of at most `readSize` bytes, as a socket with onread would */
  function readAll(stream: Buffer, readSize: number): { frames: Buffer[]; direct: number } {
    const d = new FrameDecoder();
    const frames: Buffer[] = [];
    let direct = 0;
    for (let off = 0; off < stream.length; ) {
      const target = d.readTarget(4096);
      if (target.length !== 4096) direct++;
      const n = Math.min(target.length, readSize, stream.length - off);
      stream.copy(target, 0, off, off + n);
      off += n;
      frames.push(...d.pushRead(n));
    }
    return { frames, direct };
  }

  function framed(payload: Buffer): Buffer {
    const size = Buffer.alloc(4);
    size.writeInt32BE(payload.length);
    return Buffer.concat([size, payload]);
  }

  it('small and large frames come out whole and in order; the rest of a large frame is read into it directly', () => {
    const big = Buffer.from(Array.from({ length: 200_000 }, (_, i) => i % 251));
    const payloads: Buffer[] = [Buffer.from('a'), big, Buffer.from('bc'), Buffer.alloc(0), Buffer.alloc(50_000, 7), Buffer.from('end')];
    const stream = Buffer.concat(payloads.map(framed));
    for (const readSize of [1, 3, 4096, 65_536]) {
      const { frames, direct } = readAll(stream, readSize);
      assert.deepEqual(frames.map((f) => Buffer.from(f)), payloads, `reads of ${readSize}`);
      if (readSize >= 4096) assert.ok(direct > 0, 'some reads went straight into a frame');
    }
  });

  it('a read larger than the buffer handed out is refused', () => {
    const d = new FrameDecoder();
    d.readTarget(16);
    assert.throws(() => d.pushRead(17), RangeError);
  });
});
