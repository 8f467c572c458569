// One client connection: splits the byte stream into frames, decodes each request header, runs the
// handler, and writes responses in request order (requests are pipelined: a slow request, such as a
// long-polling fetch, holds back only the responses after it on the same connection).
import type { Socket } from 'node:net';
import { FrameDecoder, Writer, encodeResponseFrame, readRequestHeader } from '../../protocol/index.js';
import type { ApiDefinition } from '../../protocol/index.js';
import { apiVersionsApi } from '../../protocol/messages/api-versions.js';
import type { ApiVersionsResponse } from '../../protocol/messages/api-versions.js';
import { ErrorCode } from '../../protocol/errors/index.js';
import { allHandlers, handlerFor } from '../handlers/handler.js';
import type { Handler, RequestContext } from '../handlers/handler.js';
import type { BrokerState } from '../state/broker-state.js';
import type { InterceptAction, RequestInterceptor } from './intercept.js';
import { SaslSession } from '../security/sasl-session.js';
import type { SaslUsers } from '../security/sasl-session.js';

interface Slot {
  frame: Buffer | null | undefined; // undefined: not ready; null: no response
}

export interface ConnectionOptions {
  readonly id: number;
  readonly socket: Socket;
  readonly state: BrokerState;
  readonly maxFrameBytes: number;
  readonly interceptors: readonly RequestInterceptor[];
  readonly log: (message: string) => void;
  /** SASL users when the listener requires authentication (security/). */
  readonly saslUsers?: SaslUsers | undefined;
}

/** Before SASL authentication only these are served: ApiVersions, SaslHandshake, SaslAuthenticate. */
const PRE_AUTH_KEYS = new Set([18, 17, 36]);

const API_VERSIONS_KEY = 18;

export class Connection {
  private readonly decoder: FrameDecoder;
  private readonly slots: Slot[] = [];
  private closedFlag = false;
  private resolveClosed!: () => void;
  readonly closed = new Promise<void>((resolve) => (this.resolveClosed = resolve));
  private readonly sasl: SaslSession | null;

  constructor(private readonly o: ConnectionOptions) {
    this.decoder = new FrameDecoder({ maxFrameBytes: o.maxFrameBytes });
    this.sasl = o.saslUsers ? new SaslSession(o.saslUsers) : null;
    o.socket.setNoDelay(true);
    o.socket.on('data', (chunk) => this.onData(chunk));
    o.socket.on('error', () => this.close());
    o.socket.on('close', () => this.close());
  }

  close(reason?: string): void {
    if (reason) this.o.log(`connection ${this.o.id} (${this.o.socket.remoteAddress}:${this.o.socket.remotePort}): closing: ${reason}`);
    if (this.closedFlag) return;
    this.closedFlag = true;
    this.o.socket.destroy();
    this.resolveClosed();
  }

  private onData(chunk: Buffer): void {
    let frames: Buffer[];
    try {
      frames = this.decoder.push(chunk);
    } catch (err) {
      this.close(`bad frame: ${(err as Error).message}`);
      return;
    }
    for (const frame of frames) {
      if (this.closedFlag) return;
      this.onFrame(frame);
    }
  }

  private onFrame(frame: Buffer): void {
    let parsed;
    try {
      parsed = readRequestHeader(frame);
    } catch (err) {
      this.close(`unreadable request header: ${(err as Error).message}`);
      return;
    }
    const { header, reader } = parsed;
    const apiKey = header.requestApiKey;
    const version = header.requestApiVersion;
    const handler = handlerFor(apiKey);
    const slot: Slot = { frame: undefined };
    this.slots.push(slot);
    const ctx: RequestContext = {
      state: this.o.state,
      apiVersion: version,
      correlationId: header.correlationId,
      clientId: header.clientId ?? null,
      clientHost: `/${this.o.socket.remoteAddress ?? ''}`,
      connectionId: this.o.id,
      closed: this.closed,
      sasl: this.sasl,
    };
    if (this.sasl !== null && !this.sasl.authenticated && !PRE_AUTH_KEYS.has(apiKey)) {
      this.close(`api key ${apiKey} before SASL authentication`);
      return;
    }
    if (!handler) {
      this.close(`unknown api key ${apiKey}`);
      return;
    }
    if (version < handler.minVersion || version > handler.maxVersion) {
      if (apiKey === API_VERSIONS_KEY) {
        // Answer with a v0 body so that any client can read the versions we do serve.
        slot.frame = encodeResponseFrame({ api: apiVersionsApi, version: 0, correlationId: header.correlationId, data: unsupportedApiVersions() });
        this.flush();
        return;
      }
      this.close(`${handler.api.name} v${version} is not supported (${handler.minVersion}-${handler.maxVersion})`);
      return;
    }
    let body: unknown;
    try {
      body = handler.api.decodeRequest(reader, version);
    } catch (err) {
      this.close(`malformed ${handler.api.name} v${version} request: ${(err as Error).message}`);
      return;
    }
    const run = async (): Promise<void> => {
      let action: InterceptAction | void = undefined;
      for (const intercept of this.o.interceptors) {
        action = await intercept({ apiKey, apiVersion: version, correlationId: header.correlationId, clientId: ctx.clientId, frame: Buffer.from(frame), body, connectionId: this.o.id });
        if (action && action.action !== 'continue') break;
      }
      let response: unknown;
      if (action?.action === 'close') return this.close(`interceptor closed the connection on ${handler.api.name}`);
      if (action?.action === 'drop') response = null;
      else if (action?.action === 'respond') response = action.body;
      else response = await handler.handle(body, ctx);
      slot.frame = response === null ? null : this.encode(handler, version, header.correlationId, response);
      this.flush();
    };
    if (this.o.interceptors.length === 0) {
      // Fast path: synchronous handlers answer without a promise.
      try {
        const response = handler.handle(body, ctx);
        if (response instanceof Promise) {
          response.then(
            (r) => {
              slot.frame = r === null ? null : this.encode(handler, version, header.correlationId, r);
              this.flush();
            },
            (err: unknown) => this.close(`${handler.api.name} handler failed: ${(err as Error)?.stack ?? String(err)}`),
          );
          return;
        }
        slot.frame = response === null ? null : this.encode(handler, version, header.correlationId, response);
      } catch (err) {
        this.close(`${handler.api.name} handler failed: ${(err as Error)?.stack ?? String(err)}`);
        return;
      }
      this.flush();
      return;
    }
    run().catch((err: unknown) => this.close(`${handler.api.name} handler failed: ${(err as Error)?.stack ?? String(err)}`));
  }

  private encode(handler: Handler<unknown, unknown>, version: number, correlationId: number, data: unknown): Buffer {
    const hint = handler.sizeHint?.(data) ?? 0;
    const api: ApiDefinition<unknown, unknown> = handler.api;
    return encodeResponseFrame({ api, version, correlationId, data, ...(hint > 0 ? { writer: new Writer(hint + 1024) } : {}) });
  }

  /** Writes the responses that are ready, in request order. */
  private flush(): void {
    if (this.closedFlag) return;
    let wrote = false;
    while (this.slots.length > 0 && this.slots[0]!.frame !== undefined) {
      const slot = this.slots.shift()!;
      if (slot.frame) {
        if (!wrote) this.o.socket.cork();
        wrote = true;
        this.o.socket.write(slot.frame);
      }
    }
    if (wrote) {
      this.o.socket.uncork();
      if (this.o.socket.writableNeedDrain && !this.o.socket.isPaused()) {
        this.o.socket.pause();
        this.o.socket.once('drain', () => this.o.socket.resume());
      }
    }
  }
}

function unsupportedApiVersions(): ApiVersionsResponse {
  return {
    errorCode: ErrorCode.UNSUPPORTED_VERSION,
    apiKeys: allHandlers().map((h) => ({ apiKey: h.api.apiKey, minVersion: h.minVersion, maxVersion: h.maxVersion })),
  };
}
