// zstd (codec 4): standard zstd frames (one or more, with or without a content size), level 3 like the
// Java client's default.

import type { CompressionCodecImpl } from './codec.js';
import { lazyModule } from './load-native.js';

interface ZstdModule {
  Encoder: new (level: number) => { encodeSync(input: Buffer): Buffer };
  Decoder: new () => { decodeSync(input: Buffer): Buffer };
}

const ZSTD_LEVEL = 3;

const zstd = lazyModule<ZstdModule>('@toondepauw/node-zstd', 'zstd');

let encoder: { encodeSync(input: Buffer): Buffer } | undefined;
let decoder: { decodeSync(input: Buffer): Buffer } | undefined;

export const zstdCodec: CompressionCodecImpl = {
  name: 'zstd',
  id: 4,
  compress(input) {
    encoder ??= new (zstd().Encoder)(ZSTD_LEVEL);
    return encoder.encodeSync(input);
  },
  decompress(input) {
    decoder ??= new (zstd().Decoder)();
    return decoder.decodeSync(input);
  },
};
