import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { apiRegistry, type ApiDefinition } from '../../src/protocol/index.js';
import { Reader } from '../../src/protocol/primitives/reader.js';
import { Writer } from '../../src/protocol/primitives/writer.js';
import { loadSpec, specApis, ValueBuilder, versionBounds, type Mode } from './spec-values.js';

// Round trip of every generated API, both directions, every version, three kinds of values (every field
// filled incl. tagged fields and unknown tags, minimal: nulls/empties/defaults, random mixes).

function roundTrip(
  encode: (w: Writer, v: number, d: unknown) => void,
  decode: (r: Reader, v: number) => unknown,
  version: number,
  value: unknown,
): void {
  const w = new Writer(16);
  encode(w, version, value);
  const bytes = Buffer.from(w.finish());
  const r = new Reader(bytes);
  const decoded = decode(r, version);
  assert.equal(r.remaining, 0, 'decoder consumed every byte');
  assert.deepStrictEqual(decoded, value);
  const w2 = new Writer();
  encode(w2, version, decoded);
  assert.ok(w2.finish().equals(bytes), 're-encoding the decoded value gives the same bytes');
}

const MODES: Mode[] = ['full', 'minimal', 'random', 'random'];

describe('generated message codecs round-trip', () => {
  for (const name of specApis()) {
    const reqSpec = loadSpec(`${name}Request.json`);
    const resSpec = loadSpec(`${name}Response.json`);
    const api = apiRegistry.get(reqSpec.apiKey!) as ApiDefinition<unknown, unknown>;
    it(`${name} (key ${reqSpec.apiKey}) request and response, versions ${reqSpec.validVersions}`, () => {
      assert.ok(api, 'registered');
      assert.equal(api.name, name);
      const [lo, hi] = versionBounds(reqSpec.validVersions);
      assert.equal(api.minVersion, lo);
      assert.equal(api.maxVersion, hi);
      let cases = 0;
      for (let v = lo; v <= hi; v++) {
        for (const [i, mode] of MODES.entries()) {
          const seed = reqSpec.apiKey! * 1000 + v * 10 + i;
          const req = new ValueBuilder(reqSpec, mode, seed).build(v);
          roundTrip(api.encodeRequest.bind(api), api.decodeRequest.bind(api), v, req);
          const res = new ValueBuilder(resSpec, mode, seed + 5).build(v);
          roundTrip(api.encodeResponse.bind(api), api.decodeResponse.bind(api), v, res);
          cases += 2;
        }
      }
      assert.equal(cases, (hi - lo + 1) * MODES.length * 2);
    });
  }

  it('covers every API in the spec folder', () => {
    assert.equal(apiRegistry.size, specApis().length);
    assert.equal(apiRegistry.size, 36);
  });
});
