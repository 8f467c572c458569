// decodeUtf8 gives what Buffer#toString('utf8', start, end) gives, on its short-ASCII path and off it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decodeUtf8 } from '../../src/protocol/primitives/utf8-decode.js';

test('decodeUtf8 equals buffer.toString for ASCII of every length around the short-string limit, at any offset', () => {
  const text = 'user-0123456789-abcdefghijklmnopqrstuvwxyz!~ {}';
  const data = Buffer.from(`..${text}..`, 'latin1');
  for (let length = 0; length <= 40; length++) {
    for (const start of [0, 2, 5]) {
      const got = decodeUtf8(data, start, length);
      assert.equal(got, data.toString('utf8', start, start + length), `length ${length} at ${start}`);
    }
  }
});

test('decodeUtf8 decodes multi-byte and invalid sequences as buffer.toString does', () => {
  const samples = ['é', 'key-é', 'ключ', '键-1', '🙂k', 'a\u0000b', '\u007f\u0080'];
  for (const s of samples) {
    const data = Buffer.concat([Buffer.from('xx'), Buffer.from(s, 'utf8'), Buffer.from('yy')]);
    assert.equal(decodeUtf8(data, 2, data.length - 4), s);
  }
  const invalid = Buffer.from([0x6b, 0xff, 0x6b, 0xc3]); // 'k', a lone byte >= 0x80, 'k', a cut two-byte sequence
  assert.equal(decodeUtf8(invalid, 0, 4), invalid.toString('utf8'));
  assert.equal(decodeUtf8(invalid, 1, 2), invalid.toString('utf8', 1, 3));
});
