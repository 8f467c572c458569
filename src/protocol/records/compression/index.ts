// Registry of compression codecs by Kafka codec id.

import { RecordBatchError } from '../errors.js';
import { CompressionCodec, type CompressionCodecId, type CompressionName } from '../constants.js';
import type { CompressionCodecImpl } from './codec.js';
import { gzipCodec } from './gzip.js';
import { lz4Codec } from './lz4.js';
import { snappyCodec } from './snappy.js';
import { zstdCodec } from './zstd.js';

export type { CompressionCodecImpl } from './codec.js';

const CODECS: (CompressionCodecImpl | undefined)[] = [undefined, gzipCodec, snappyCodec, lz4Codec, zstdCodec];

/** The codec for a batch's compression id; throws UNSUPPORTED_COMPRESSION for 0, unknown or unavailable ids. */
export function compressionCodec(id: number): CompressionCodecImpl {
  const codec = CODECS[id];
  if (codec === undefined) {
    throw new RecordBatchError('UNSUPPORTED_COMPRESSION', `compression codec ${id} is not supported`);
  }
  return codec;
}

/** Maps a codec name or id to its id. */
export function compressionId(compression: CompressionName | CompressionCodecId): CompressionCodecId {
  if (typeof compression === 'number') return compression;
  const id = CompressionCodec[compression];
  if (id === undefined) {
    throw new RecordBatchError('UNSUPPORTED_COMPRESSION', `unknown compression ${String(compression)}`);
  }
  return id;
}
