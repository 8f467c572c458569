// gzip (codec 1): standard gzip members, via node:zlib.

import { gunzipSync, gzipSync, constants } from 'node:zlib';
import type { CompressionCodecImpl } from './codec.js';

export const gzipCodec: CompressionCodecImpl = {
  name: 'gzip',
  id: 1,
  compress(input) {
    // Level 6 is zlib's (and the Java client's) default; it is the usual speed/size balance.
    return gzipSync(input, { level: constants.Z_DEFAULT_COMPRESSION });
  },
  decompress(input) {
    return gunzipSync(input);
  },
};
