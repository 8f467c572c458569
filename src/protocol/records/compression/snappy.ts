// snappy (codec 2). The Java client writes snappy-java's "xerial" framing: a 16-byte header
// (0x82 'SNAPPY' 0x00, version int32 = 1, compatible version int32 = 1) followed by chunks of
// [int32 big-endian compressed length][raw snappy block], each block holding up to 32 KiB of input.
// librdkafka writes a bare raw snappy block and reads both. We write xerial like Java and read both.

import type { CompressionCodecImpl } from './codec.js';
import { lazyModule } from './load-native.js';
import { RecordBatchError } from '../errors.js';
import { readUnsignedVarint } from '../../varint.js';

interface SnappyModule {
  compressSync(input: Uint8Array): Buffer;
  uncompressSync(input: Uint8Array, options?: { asBuffer?: boolean }): Buffer | string;
}

const snappy = lazyModule<SnappyModule>('snappy', 'snappy');

const XERIAL_MAGIC = Buffer.from([0x82, 0x53, 0x4e, 0x41, 0x50, 0x50, 0x59, 0x00]);
const XERIAL_HEADER_SIZE = 16;
const XERIAL_VERSION = 1;
const XERIAL_COMPATIBLE_VERSION = 1;
/** Uncompressed bytes per chunk, as snappy-java's default block size. */
const XERIAL_BLOCK_SIZE = 32 * 1024;

function isXerial(input: Buffer): boolean {
  return input.length >= XERIAL_HEADER_SIZE && input.compare(XERIAL_MAGIC, 0, 8, 0, 8) === 0;
}

/**
 * A snappy element expands at most 64 bytes out of 3 bytes in, so a block can never decode to more than
 * ~22x its size. A raw block starts with its decoded length; a larger claim is corrupt, and rejecting it
 * before decoding keeps a few bytes of garbage from making the decoder allocate gigabytes.
 */
const MAX_EXPANSION = 22;

function uncompressRaw(block: Uint8Array): Buffer {
  let claimed: number;
  try {
    claimed = readUnsignedVarint(block, { offset: 0 });
  } catch (err) {
    throw corrupt(`snappy block without a valid length preamble: ${String(err)}`);
  }
  if (claimed > block.length * MAX_EXPANSION + 64) {
    throw corrupt(`snappy block of ${block.length} bytes claims ${claimed} decoded bytes`);
  }
  return snappy().uncompressSync(block, { asBuffer: true }) as Buffer;
}

function decompressXerial(input: Buffer): Buffer {
  const chunks: Buffer[] = [];
  let total = 0;
  let pos = XERIAL_HEADER_SIZE;
  while (pos < input.length) {
    if (pos + 4 > input.length) throw corrupt('truncated xerial snappy chunk length');
    const size = input.readInt32BE(pos);
    pos += 4;
    if (size < 0 || pos + size > input.length) throw corrupt(`xerial snappy chunk of ${size} bytes overruns the input`);
    const chunk = uncompressRaw(input.subarray(pos, pos + size));
    chunks.push(chunk);
    total += chunk.length;
    pos += size;
  }
  return chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, total);
}

function corrupt(message: string): RecordBatchError {
  return new RecordBatchError('CORRUPT_RECORD', message);
}

export const snappyCodec: CompressionCodecImpl = {
  name: 'snappy',
  id: 2,
  compress(input) {
    const blocks: Buffer[] = [];
    let total = XERIAL_HEADER_SIZE;
    for (let start = 0; start < input.length; start += XERIAL_BLOCK_SIZE) {
      const block = snappy().compressSync(input.subarray(start, Math.min(input.length, start + XERIAL_BLOCK_SIZE)));
      blocks.push(block);
      total += 4 + block.length;
    }
    const out = Buffer.allocUnsafe(total);
    XERIAL_MAGIC.copy(out, 0);
    out.writeInt32BE(XERIAL_VERSION, 8);
    out.writeInt32BE(XERIAL_COMPATIBLE_VERSION, 12);
    let pos = XERIAL_HEADER_SIZE;
    for (const block of blocks) {
      out.writeInt32BE(block.length, pos);
      pos += 4;
      pos += block.copy(out, pos);
    }
    return out;
  },
  decompress(input) {
    return isXerial(input) ? decompressXerial(input) : uncompressRaw(input);
  },
};
