// The shape every compression codec of record batches has: synchronous, whole-buffer in, buffer out.

import type { CompressionCodecId, CompressionName } from '../constants.js';

export interface CompressionCodecImpl {
  readonly name: Exclude<CompressionName, 'none'>;
  readonly id: Exclude<CompressionCodecId, 0>;
  /** Compresses the records region of a batch, in the byte format Kafka expects for this codec. */
  compress(input: Buffer): Buffer;
  /** Decompresses a records region written by any Kafka client for this codec. */
  decompress(input: Buffer): Buffer;
}
