// lz4 (codec 3): the standard LZ4 frame format (magic 0x184D2204). The Java client only reads frames
// with independent blocks; lz4-napi (lz4_flex) writes version 1, block-independent frames without
// checksums, and reads any valid frame (checksums, content size, linked blocks).

import type { CompressionCodecImpl } from './codec.js';
import { lazyModule } from './load-native.js';

interface Lz4Module {
  compressFrameSync(input: Buffer): Buffer;
  decompressFrameSync(input: Buffer): Buffer;
}

const lz4 = lazyModule<Lz4Module>('lz4-napi', 'lz4');

export const lz4Codec: CompressionCodecImpl = {
  name: 'lz4',
  id: 3,
  compress(input) {
    return lz4().compressFrameSync(input);
  },
  decompress(input) {
    return lz4().decompressFrameSync(input);
  },
};
