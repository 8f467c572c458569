// Decodes UTF-8 text inside a larger buffer. Record keys are mostly short ASCII strings ("user-1234"),
// for which `String.fromCharCode` with the bytes as arguments is about 3x cheaper than a call into the
// native decoder (`buffer.toString`), measured on Node 20 for 8- and 14-byte keys; anything else (longer,
// or with a byte >= 0x80) goes to the native decoder. The result is the same string either way.

/** Strings up to this many bytes take the fromCharCode path when they are ASCII. */
const SHORT = 16;

/** The UTF-8 text in `data[start, start + length)`. */
export function decodeUtf8(data: Buffer, start: number, length: number): string {
  if (length <= SHORT) {
    let high = 0;
    for (let i = start, end = start + length; i < end; i++) high |= data[i]!;
    if (high < 0x80) return shortAscii(data, start, length);
  }
  return data.toString('utf8', start, start + length);
}

const chr = String.fromCharCode;

// One call with a fixed argument count per length: V8 builds a flat one-byte string at once (a loop of
// `+=` would build a rope, and `apply` over an array costs half again as much).
function shortAscii(d: Buffer, o: number, n: number): string {
  switch (n) {
    case 0: return '';
    case 1: return chr(d[o]!);
    case 2: return chr(d[o]!, d[o + 1]!);
    case 3: return chr(d[o]!, d[o + 1]!, d[o + 2]!);
    case 4: return chr(d[o]!, d[o + 1]!, d[o + 2]!, d[o + 3]!);
    case 5: return chr(d[o]!, d[o + 1]!, d[o + 2]!, d[o + 3]!, d[o + 4]!);
    case 6: return chr(d[o]!, d[o + 1]!, d[o + 2]!, d[o + 3]!, d[o + 4]!, d[o + 5]!);
    case 7: return chr(d[o]!, d[o + 1]!, d[o + 2]!, d[o + 3]!, d[o + 4]!, d[o + 5]!, d[o + 6]!);
    case 8: return chr(d[o]!, d[o + 1]!, d[o + 2]!, d[o + 3]!, d[o + 4]!, d[o + 5]!, d[o + 6]!, d[o + 7]!);
    case 9: return chr(d[o]!, d[o + 1]!, d[o + 2]!, d[o + 3]!, d[o + 4]!, d[o + 5]!, d[o + 6]!, d[o + 7]!, d[o + 8]!);
    case 10: return chr(d[o]!, d[o + 1]!, d[o + 2]!, d[o + 3]!, d[o + 4]!, d[o + 5]!, d[o + 6]!, d[o + 7]!, d[o + 8]!, d[o + 9]!);
    case 11: return chr(d[o]!, d[o + 1]!, d[o + 2]!, d[o + 3]!, d[o + 4]!, d[o + 5]!, d[o + 6]!, d[o + 7]!, d[o + 8]!, d[o + 9]!, d[o + 10]!);
    case 12: return chr(d[o]!, d[o + 1]!, d[o + 2]!, d[o + 3]!, d[o + 4]!, d[o + 5]!, d[o + 6]!, d[o + 7]!, d[o + 8]!, d[o + 9]!, d[o + 10]!, d[o + 11]!);
    case 13: return chr(d[o]!, d[o + 1]!, d[o + 2]!, d[o + 3]!, d[o + 4]!, d[o + 5]!, d[o + 6]!, d[o + 7]!, d[o + 8]!, d[o + 9]!, d[o + 10]!, d[o + 11]!, d[o + 12]!);
    case 14: return chr(d[o]!, d[o + 1]!, d[o + 2]!, d[o + 3]!, d[o + 4]!, d[o + 5]!, d[o + 6]!, d[o + 7]!, d[o + 8]!, d[o + 9]!, d[o + 10]!, d[o + 11]!, d[o + 12]!, d[o + 13]!);
    case 15: return chr(d[o]!, d[o + 1]!, d[o + 2]!, d[o + 3]!, d[o + 4]!, d[o + 5]!, d[o + 6]!, d[o + 7]!, d[o + 8]!, d[o + 9]!, d[o + 10]!, d[o + 11]!, d[o + 12]!, d[o + 13]!, d[o + 14]!);
    case 16: return chr(d[o]!, d[o + 1]!, d[o + 2]!, d[o + 3]!, d[o + 4]!, d[o + 5]!, d[o + 6]!, d[o + 7]!, d[o + 8]!, d[o + 9]!, d[o + 10]!, d[o + 11]!, d[o + 12]!, d[o + 13]!, d[o + 14]!, d[o + 15]!);
    default: throw new RangeError(`not a short string: ${n} bytes`);
  }
}
