import { MalformedMessageError } from '../primitives/protocol-errors.js';

export const DEFAULT_MAX_FRAME_BYTES = 100 * 1024 * 1024;

export interface FrameDecoderOptions {
  /** Largest accepted frame (bytes after the size prefix); bigger sizes throw. Default 100 MiB. */
  maxFrameBytes?: number;
}

/**
 * Splits a byte stream (socket chunks) into frames: int32 size, then that many bytes. `push` returns the
 * complete frames (without the size prefix) found so far. A frame inside one chunk is returned as a
 * zero-copy view of that chunk. A frame spread over chunks gets one buffer of its announced size as soon
 * as its size prefix is known, and each chunk is copied into it on arrival (one copy per byte, while the
 * chunk is still in cache; no list of pending chunks, no concatenation).
 */
export class FrameDecoder {
  private readonly maxFrameBytes: number;
  /** Up to 3 bytes of a size prefix split across chunks. */
  private prefix: Buffer | null = null;
  /** The frame being filled, and how many of its bytes have arrived. */
  private frame: Buffer | null = null;
  private filled = 0;

  constructor(options: FrameDecoderOptions = {}) {
    this.maxFrameBytes = options.maxFrameBytes ?? DEFAULT_MAX_FRAME_BYTES;
  }

  /** Bytes received but not yet returned in a frame. */
  get bufferedBytes(): number {
    return (this.prefix?.length ?? 0) + (this.frame === null ? 0 : 4 + this.filled);
  }

  push(chunk: Buffer): Buffer[] {
    const frames: Buffer[] = [];
    let off = 0;
    if (this.prefix !== null) {
      // Complete a size prefix split across chunks.
      const need = 4 - this.prefix.length;
      if (chunk.length < need) {
        this.prefix = Buffer.concat([this.prefix, chunk]);
        return frames;
      }
      const head = Buffer.concat([this.prefix, chunk.subarray(0, need)]);
      this.prefix = null;
      off = need;
      this.startFrame(head.readInt32BE(0), off);
    }
    if (this.frame !== null) {
      const frame = this.frame;
      const n = Math.min(frame.length - this.filled, chunk.length - off);
      chunk.copy(frame, this.filled, off, off + n);
      this.filled += n;
      off += n;
      if (this.filled < frame.length) return frames;
      frames.push(frame);
      this.frame = null;
      this.filled = 0;
    }
    while (chunk.length - off >= 4) {
      const size = chunk.readInt32BE(off);
      this.checkSize(size, off);
      if (chunk.length - off - 4 >= size) {
        frames.push(chunk.subarray(off + 4, off + 4 + size));
        off += 4 + size;
        continue;
      }
      // The frame continues in later chunks: take what is here into a buffer of the frame's size.
      this.startFrame(size, off);
      const frame = this.frame!;
      chunk.copy(frame, 0, off + 4);
      this.filled = chunk.length - off - 4;
      return frames;
    }
    if (off < chunk.length) this.prefix = Buffer.from(chunk.subarray(off));
    return frames;
  }

  private checkSize(size: number, at: number): void {
    if (size < 0 || size > this.maxFrameBytes) {
      throw new MalformedMessageError(`invalid frame size ${size} (max ${this.maxFrameBytes})`, at);
    }
  }

  private startFrame(size: number, at: number): void {
    this.checkSize(size, at);
    // Small frames come from the shared pool; large ones get their own memory (kept by the log as is).
    this.frame = Buffer.allocUnsafe(size);
    this.filled = 0;
  }
}
