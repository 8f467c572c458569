import { MalformedMessageError } from '../primitives/protocol-errors.js';

export const DEFAULT_MAX_FRAME_BYTES = 100 * 1024 * 1024;

/** A frame still missing at least this many bytes is read into directly (see `readTarget`). */
const DIRECT_READ_MIN_BYTES = 16_384;

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
  /** the buffer handed out by `readTarget()`, and whether it is the rest of `frame` */
  private target: Buffer | null = null;
  private targetIsFrame = false;

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

  /**
   * For a socket that reads into buffers it is given (`net.connect({ onread })`): where the next read
   * should go. While a large frame is being filled that is the rest of the frame itself, so its bytes
   * are not copied again; otherwise a fresh buffer of `chunkSize` bytes (frames found in it are returned
   * as views of it, so it is never reused). Pass what was read to `pushRead`.
   */
  readTarget(chunkSize = 65_536): Buffer {
    const frame = this.frame;
    if (frame !== null && frame.length - this.filled >= DIRECT_READ_MIN_BYTES) {
      this.target = frame.subarray(this.filled);
      this.targetIsFrame = true;
    } else {
      this.target = Buffer.allocUnsafe(chunkSize);
      this.targetIsFrame = false;
    }
    return this.target;
  }

  /** The complete frames after `n` bytes were read into the last `readTarget()`. */
  pushRead(n: number): Buffer[] {
    const target = this.target;
    this.target = null;
    if (target === null || n > target.length) throw new RangeError(`read of ${n} bytes into no or a smaller buffer`);
    if (!this.targetIsFrame) return this.push(n === target.length ? target : target.subarray(0, n));
    this.filled += n;
    if (this.filled < this.frame!.length) return [];
    const frame = this.frame!;
    this.frame = null;
    this.filled = 0;
    return [frame];
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
