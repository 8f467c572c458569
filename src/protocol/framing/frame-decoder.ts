import { MalformedMessageError } from '../primitives/protocol-errors.js';

export const DEFAULT_MAX_FRAME_BYTES = 100 * 1024 * 1024;

export interface FrameDecoderOptions {
  /** Largest accepted frame (bytes after the size prefix); bigger sizes throw. Default 100 MiB. */
  maxFrameBytes?: number;
}

/**
 * Splits a byte stream (socket chunks) into frames: int32 size, then that many bytes. `push` returns the
 * complete frames (without the size prefix) found so far. A frame inside one chunk is returned as a
 * zero-copy view of that chunk; a frame spread over chunks is copied once.
 */
export class FrameDecoder {
  private readonly maxFrameBytes: number;
  private pending: Buffer[] = [];
  private pendingBytes = 0;

  constructor(options: FrameDecoderOptions = {}) {
    this.maxFrameBytes = options.maxFrameBytes ?? DEFAULT_MAX_FRAME_BYTES;
  }

  /** Bytes received but not yet returned in a frame. */
  get bufferedBytes(): number {
    return this.pendingBytes;
  }

  push(chunk: Buffer): Buffer[] {
    const frames: Buffer[] = [];
    let buf: Buffer;
    if (this.pendingBytes === 0) buf = chunk;
    else {
      this.pending.push(chunk);
      this.pendingBytes += chunk.length;
      // Wait, without copying, until the pending frame is complete (large frames arrive in many chunks).
      if (this.pendingBytes < 4) return frames;
      const head = this.pending[0]!.length >= 4 ? this.pending[0]! : Buffer.concat(this.pending, 4);
      const size = head.readInt32BE(0);
      if (size >= 0 && size <= this.maxFrameBytes && this.pendingBytes < 4 + size) return frames;
      buf = Buffer.concat(this.pending, this.pendingBytes);
      this.pending = [];
      this.pendingBytes = 0;
    }
    let off = 0;
    while (buf.length - off >= 4) {
      const size = buf.readInt32BE(off);
      if (size < 0 || size > this.maxFrameBytes) {
        throw new MalformedMessageError(`invalid frame size ${size} (max ${this.maxFrameBytes})`, off);
      }
      if (buf.length - off - 4 < size) break;
      frames.push(buf.subarray(off + 4, off + 4 + size));
      off += 4 + size;
    }
    if (off < buf.length) {
      const rest = buf.subarray(off);
      this.pending.push(rest);
      this.pendingBytes = rest.length;
    }
    return frames;
  }
}
