import { test } from 'node:test';
import assert from 'node:assert/strict';
import { crc32c } from '../../../src/protocol/records/crc32c.js';
import { crc32cJs } from '../../../src/protocol/records/crc32c-js.js';

// Check values from RFC 3720 (iSCSI), appendix B.4, and the common "123456789" vector.
test('CRC-32C standard check values', () => {
  for (const impl of [crc32c, crc32cJs]) {
    assert.equal(impl(Buffer.from('123456789')), 0xe3069283);
    assert.equal(impl(Buffer.alloc(32, 0)), 0x8a9136aa);
    assert.equal(impl(Buffer.alloc(32, 0xff)), 0x62a8ab43);
    assert.equal(impl(Buffer.from(Array.from({ length: 32 }, (_, i) => i))), 0x46dd794e);
    assert.equal(impl(Buffer.from(Array.from({ length: 32 }, (_, i) => 31 - i))), 0x113fdb5c);
    assert.equal(impl(Buffer.alloc(0)), 0);
  }
});

test('CRC-32C: native and JS agree on sub-ranges of every length and alignment', () => {
  const data = Buffer.from(Array.from({ length: 3000 }, (_, i) => (i * 131 + 17) & 0xff));
  for (const [start, end] of [[0, 3000], [1, 2999], [5, 200], [7, 135], [100, 227], [3, 3], [2000, 2064]] as const) {
    assert.equal(crc32c(data, start, end), crc32cJs(data, start, end), `[${start}, ${end})`);
    assert.equal(crc32c(data, start, end), crc32cJs(data.subarray(start, end)));
  }
  for (let len = 0; len < 300; len += 7) assert.equal(crc32c(data, 11, 11 + len), crc32cJs(data, 11, 11 + len));
});
