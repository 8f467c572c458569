// Test helper: a minimal pipelining client over the generated codecs, plus raw frame access.
import { connect } from 'node:net';
import type { Socket } from 'node:net';
import { FrameDecoder, decodeResponseFrame, encodeRequestFrame } from '../../src/protocol/index.js';
import type { Decoded } from '../../src/protocol/decoded.js';
import type { ApiDefinition } from '../../src/protocol/index.js';

export class WireClient {
  private readonly decoder = new FrameDecoder();
  private readonly pending = new Map<number, (frame: Buffer) => void>();
  private correlationId = 0;
  readonly closed: Promise<void>;

  private constructor(readonly socket: Socket) {
    socket.on('data', (chunk) => {
      for (const frame of this.decoder.push(chunk)) {
        const id = frame.readInt32BE(0);
        const waiter = this.pending.get(id);
        this.pending.delete(id);
        waiter?.(frame);
      }
    });
    this.closed = new Promise((resolve) => socket.once('close', () => resolve()));
    socket.on('error', () => {});
  }

  static open(port: number, host = '127.0.0.1'): Promise<WireClient> {
    return new Promise((resolve, reject) => {
      const socket = connect(port, host, () => resolve(new WireClient(socket)));
      socket.once('error', reject);
    });
  }

  /** Sends a request; resolves with the decoded response body. */
  send<Req, Res>(api: ApiDefinition<Req, Res>, version: number, data: Req): Promise<Decoded<Res>> {
    return this.sendFrame(api, version, data).then((frame) => decodeResponseFrame(frame, api, version).body);
  }

  /** Sends a request; resolves with the raw response frame (after the size prefix). */
  sendFrame<Req, Res>(api: ApiDefinition<Req, Res>, version: number, data: Req): Promise<Buffer> {
    const correlationId = ++this.correlationId;
    return new Promise((resolve, reject) => {
      this.pending.set(correlationId, resolve);
      void this.closed.then(() => reject(new Error('connection closed')));
      this.socket.write(encodeRequestFrame({ api, version, correlationId, clientId: 'wire-test', data }));
    });
  }

  /** Sends a request and expects no response (acks=0). */
  sendOneWay<Req, Res>(api: ApiDefinition<Req, Res>, version: number, data: Req): void {
    this.socket.write(encodeRequestFrame({ api, version, correlationId: ++this.correlationId, clientId: 'wire-test', data }));
  }

  writeRaw(bytes: Buffer): void {
    this.socket.write(bytes);
  }

  close(): void {
    this.socket.destroy();
  }
}
