// A reused buffer that string keys are encoded into, so that a record with a string key costs no Buffer
// object: the partitioner hashes the bytes in place and the batch builder copies them at once. The bytes
// are exactly those of `Buffer.from(s, 'utf8')` (the same encoder for anything that is not ASCII).

/** Strings longer than this (in UTF-16 units) are not encoded into the scratch buffer. */
const MAX_CHARS = 16 * 1024;
/** Shorter ASCII strings are copied by a loop, cheaper than a call into the native encoder. */
const LOOP_CHARS = 48;

export class Utf8Scratch {
  /** holds the last encoded string from byte 0 */
  buffer = Buffer.allocUnsafeSlow(3 * LOOP_CHARS);

  /** Encodes `s` as UTF-8 at the start of `buffer`; returns its byte length, or -1 when `s` is too long to. */
  encode(s: string): number {
    const n = s.length;
    if (n * 3 > this.buffer.length) {
      if (n > MAX_CHARS) return -1;
      this.buffer = Buffer.allocUnsafeSlow(Math.max(n * 3, this.buffer.length * 2)); // room for 3 bytes per unit
    }
    const buf = this.buffer;
    if (n > LOOP_CHARS) return buf.write(s, 0, 'utf8');
    for (let i = 0; i < n; i++) {
      const c = s.charCodeAt(i);
      if (c >= 0x80) return buf.write(s, 0, 'utf8');
      buf[i] = c;
    }
    return n;
  }
}
