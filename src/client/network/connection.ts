// One TCP (or TLS) connection to one broker: framing, correlation ids, pipelined requests, per-request
// timeouts, ApiVersions negotiation and SASL authentication. Responses are decoded synchronously in the
// socket's data handler. Any socket failure or timeout fails every pending request with a retriable
// ConnectionError / RequestTimeoutError and closes the connection (a new one is made on demand).
import net from 'node:net';
import tls from 'node:tls';
import type { ApiDefinition } from '../../protocol/api-definition.js';
import type { Decoded } from '../../protocol/decoded.js';
import { FrameDecoder } from '../../protocol/framing/frame-decoder.js';
import { decodeResponseFrame, encodeRequestFrameChunks } from '../../protocol/framing/frames.js';
import { apiVersionsApi, type ApiVersionsResponse } from '../../protocol/messages/api-versions.js';
import { saslAuthenticateApi } from '../../protocol/messages/sasl-authenticate.js';
import { saslHandshakeApi } from '../../protocol/messages/sasl-handshake.js';
import { Reader } from '../../protocol/primitives/reader.js';
import { brokerError } from '../broker-error.js';
import { ClientClosedError, ConnectionError, KafkaClientError, RequestTimeoutError, SaslAuthenticationError } from '../errors.js';
import type { SaslExchange } from '../sasl/mechanism.js';

export interface ConnectionOptions {
  host: string;
  port: number;
  clientId: string;
  /** node:tls options when the connection uses TLS, else undefined. */
  tls: tls.ConnectionOptions | undefined;
  /** Creates a fresh SASL exchange per connection, or undefined for no SASL. */
  sasl: (() => SaslExchange) | undefined;
  requestTimeoutMs: number;
  connectionTimeoutMs: number;
}

export interface RequestOptions {
  /** Force a version (otherwise the highest both sides support). */
  version?: number;
  /** Override the connection's request timeout (e.g. for long-polling fetches, add maxWaitMs). */
  timeoutMs?: number;
  /** The broker sends no response (Produce with acks=0). */
  noResponse?: boolean;
  /**
   * Used when the response does not decode (some brokers send null for a non-nullable field in an
   * error response); gets the frame and the version, returns a response or throws.
   */
  decodeFallback?: (frame: Buffer, version: number) => unknown;
}

interface Pending {
  correlationId: number;
  decode: (frame: Buffer) => unknown;
  resolve: (value: unknown) => void;
  reject: (err: Error) => void;
  timer: NodeJS.Timeout | undefined;
}

const API_VERSIONS_REQUEST_VERSION = 3;

export class Connection {
  readonly host: string;
  readonly port: number;
  private socket: net.Socket | undefined;
  private readonly decoder = new FrameDecoder();
  private readonly pending = new Map<number, Pending>();
  private nextCorrelationId = 1;
  private connecting: Promise<void> | undefined;
  private closed = false;
  private ready = false;
  /** Broker's version range per API key, from ApiVersions. */
  private versions = new Map<number, { min: number; max: number }>();
  private readonly closeListeners: Array<(err: Error | undefined) => void> = [];

  constructor(private readonly options: ConnectionOptions) {
    this.host = options.host;
    this.port = options.port;
  }

  get isReady(): boolean {
    return this.ready && !this.closed;
  }

  get isClosed(): boolean {
    return this.closed;
  }

  /** Requests sent and not yet answered. */
  get inFlight(): number {
    return this.pending.size;
  }

  onClose(listener: (err: Error | undefined) => void): void {
    this.closeListeners.push(listener);
  }

  /** Opens the socket, negotiates versions and authenticates. Idempotent. */
  connect(): Promise<void> {
    if (this.closed) return Promise.reject(new ConnectionError(`connection to ${this.address} is closed`));
    this.connecting ??= this.open().catch((err: unknown) => {
      // A connection that failed to open is closed: the pool makes a new one next time.
      this.fail(err instanceof Error ? err : new Error(String(err)));
      throw err;
    });
    return this.connecting;
  }

  get address(): string {
    return `${this.host}:${this.port}`;
  }

  private async open(): Promise<void> {
    const socket = await new Promise<net.Socket>((resolve, reject) => {
      const opts = this.options;
      const s = opts.tls
        ? tls.connect({ host: opts.host, port: opts.port, servername: net.isIP(opts.host) ? undefined : opts.host, ...opts.tls })
        : net.connect({
            host: opts.host,
            port: opts.port,
            // reads go straight into the frame being received (a large fetch response is not copied
            // from socket chunks into its frame); TLS sockets have no such option and use 'data'
            onread: { buffer: () => this.decoder.readTarget(), callback: (n: number) => this.onRead(n) },
          });
      const readyEvent = opts.tls ? 'secureConnect' : 'connect';
      const timer = setTimeout(() => {
        s.destroy();
        reject(new ConnectionError(`connection to ${this.address} timed out after ${opts.connectionTimeoutMs} ms`));
      }, opts.connectionTimeoutMs);
      s.once('error', (err) => {
        clearTimeout(timer);
        reject(new ConnectionError(`connection to ${this.address} failed: ${err.message}`, err));
      });
      s.once(readyEvent, () => {
        clearTimeout(timer);
        s.removeAllListeners('error');
        resolve(s);
      });
    });
    if (this.closed) {
      socket.destroy();
      throw new ClientClosedError();
    }
    socket.setNoDelay(true);
    socket.setKeepAlive(true);
    this.socket = socket;
    socket.on('data', (chunk: Buffer) => this.onData(chunk));
    socket.on('error', (err) => this.fail(new ConnectionError(`connection to ${this.address}: ${err.message}`, err)));
    socket.on('close', () => this.fail(new ConnectionError(`connection to ${this.address} closed`)));
    try {
      await this.negotiateVersions();
      if (this.options.sasl) await this.authenticate(this.options.sasl());
      this.ready = true;
    } catch (err) {
      this.fail(err instanceof Error ? err : new Error(String(err)));
      throw err;
    }
  }

  private async negotiateVersions(): Promise<void> {
    let res = await this.send(apiVersionsApi, { clientSoftwareName: 'kstreams', clientSoftwareVersion: '0.1.0' }, API_VERSIONS_REQUEST_VERSION, {}, (f) => decodeApiVersions(f, API_VERSIONS_REQUEST_VERSION));
    if (res.errorCode === 35) {
      // The broker answered in v0 format with its own ApiVersions range: retry with what it supports.
      const own = res.apiKeys.find((k) => k.apiKey === apiVersionsApi.apiKey);
      const version = Math.min(own?.maxVersion ?? 0, API_VERSIONS_REQUEST_VERSION);
      res = await this.send(apiVersionsApi, {}, version, {}, (f) => decodeApiVersions(f, version));
    }
    if (res.errorCode !== 0) throw brokerError(res.errorCode, `ApiVersions to ${this.address}`);
    this.versions = new Map(res.apiKeys.map((k) => [k.apiKey, { min: k.minVersion, max: k.maxVersion }]));
  }

  private async authenticate(exchange: SaslExchange): Promise<void> {
    const hs = await this.request(saslHandshakeApi, { mechanism: exchange.mechanism });
    if (hs.errorCode !== 0) {
      throw new SaslAuthenticationError(
        `SASL mechanism ${exchange.mechanism} not enabled on ${this.address} (broker offers ${hs.mechanisms.join(', ')})`,
        hs.errorCode,
      );
    }
    let message: Buffer | undefined = exchange.initial();
    while (message !== undefined) {
      const res = await this.request(saslAuthenticateApi, { authBytes: message });
      if (res.errorCode !== 0) {
        throw new SaslAuthenticationError(`SASL ${exchange.mechanism} to ${this.address}: ${res.errorMessage ?? 'authentication failed'}`, res.errorCode);
      }
      message = exchange.respond(res.authBytes);
      // PLAIN and a completed SCRAM exchange need no further round trip.
    }
  }

  /** The highest version of `api` both sides support, or throws UNSUPPORTED_VERSION. */
  versionFor(api: ApiDefinition<never, unknown> | ApiDefinition): number {
    const broker = this.versions.get(api.apiKey);
    if (!broker) {
      throw new KafkaClientError(`broker ${this.address} does not support ${api.name}`, { code: 'UNSUPPORTED_VERSION', errorCode: 35 });
    }
    const max = Math.min(broker.max, api.maxVersion);
    if (max < Math.max(broker.min, api.minVersion)) {
      throw new KafkaClientError(`no common version of ${api.name} with ${this.address}`, { code: 'UNSUPPORTED_VERSION', errorCode: 35 });
    }
    return max;
  }

  /** True when the broker supports `api` at least at `version`. */
  supports(api: { apiKey: number }, version = 0): boolean {
    const v = this.versions.get(api.apiKey);
    return v !== undefined && v.max >= version;
  }

  /** Sends a request and resolves with its decoded response. Connects first if needed. */
  async request<Req, Res>(api: ApiDefinition<Req, Res>, data: Req, options: RequestOptions = {}): Promise<Decoded<Res>> {
    if (!this.ready) {
      const handshake = api.apiKey === saslHandshakeApi.apiKey || api.apiKey === saslAuthenticateApi.apiKey;
      if (!handshake) await this.connect();
    }
    const version = options.version ?? this.versionFor(api);
    const fallback = options.decodeFallback;
    return this.send(api, data, version, options, (frame) => {
      try {
        return decodeResponseFrame(frame, api, version).body;
      } catch (err) {
        if (!fallback) throw err;
        return fallback(frame, version) as Decoded<Res>;
      }
    });
  }

  private send<Req, Res>(
    api: ApiDefinition<Req, unknown>,
    data: Req,
    version: number,
    options: RequestOptions,
    decode: (frame: Buffer) => Res,
  ): Promise<Res> {
    const socket = this.socket;
    if (this.closed || !socket) return Promise.reject(new ConnectionError(`connection to ${this.address} is closed`));
    const correlationId = this.nextCorrelationId;
    this.nextCorrelationId = (this.nextCorrelationId + 1) & 0x7fffffff;
    // a produce request's batches are written from the producer's buffers, not copied into the frame
    const frame = encodeRequestFrameChunks({ api, version, correlationId, clientId: this.options.clientId, data, externalChunksFrom: ZERO_COPY_FROM });
    if (options.noResponse) {
      writeFrame(socket, frame);
      return Promise.resolve(undefined as Res);
    }
    return new Promise<Res>((resolve, reject) => {
      const timeoutMs = options.timeoutMs ?? this.options.requestTimeoutMs;
      const entry: Pending = {
        correlationId,
        decode,
        resolve: resolve as (v: unknown) => void,
        reject,
        timer: setTimeout(() => {
          this.fail(new RequestTimeoutError(`${api.name} v${version} to ${this.address} timed out after ${timeoutMs} ms`));
        }, timeoutMs),
      };
      this.pending.set(correlationId, entry);
      writeFrame(socket, frame);
    });
  }

  private onData(chunk: Buffer): void {
    this.receive(chunk, -1);
  }

  private onRead(n: number): boolean {
    return this.receive(null, n);
  }

  /** takes a socket chunk (`data` events), or `n` bytes read into the decoder's read target (onread) */
  private receive(chunk: Buffer | null, n: number): boolean {
    let frames: Buffer[];
    try {
      frames = chunk === null ? this.decoder.pushRead(n) : this.decoder.push(chunk);
    } catch (err) {
      this.fail(new ConnectionError(`bad frame from ${this.address}`, err));
      return false;
    }
    this.onFrames(frames);
    return true;
  }

  private onFrames(frames: Buffer[]): void {
    for (const frame of frames) {
      const correlationId = frame.length >= 4 ? frame.readInt32BE(0) : -1;
      const entry = this.pending.get(correlationId);
      if (!entry) {
        this.fail(new ConnectionError(`unexpected correlation id ${correlationId} from ${this.address}`));
        return;
      }
      this.pending.delete(correlationId);
      clearTimeout(entry.timer);
      let value: unknown;
      try {
        value = entry.decode(frame);
      } catch (err) {
        entry.reject(err instanceof Error ? err : new Error(String(err)));
        continue;
      }
      entry.resolve(value);
    }
  }

  /** Fails every pending request and closes the socket. */
  private fail(err: Error): void {
    const wasClosed = this.closed;
    this.closed = true;
    this.ready = false;
    const pending = [...this.pending.values()];
    this.pending.clear();
    for (const p of pending) {
      clearTimeout(p.timer);
      p.reject(err);
    }
    this.socket?.destroy();
    if (!wasClosed) for (const l of this.closeListeners) l(err);
  }

  /** Closes the connection; pending requests fail with ClientClosedError. */
  close(): void {
    if (this.closed) return;
    this.fail(new ClientClosedError(`connection to ${this.address} closed by the client`));
  }
}

/** Decodes an ApiVersions response, falling back to v0 when the broker rejected our version. */
function decodeApiVersions(frame: Buffer, requested: number): ApiVersionsResponse {
  // Response header v0: correlation id only. The error code is the first field of every version.
  const errorCode = frame.length >= 6 ? frame.readInt16BE(4) : 0;
  if (errorCode !== 35) return apiVersionsApi.decodeResponse(new Reader(frame, 4), requested);
  // UNSUPPORTED_VERSION: Kafka answers in v0 format; some brokers answer in the requested format. When
  // neither decodes, an empty list makes the caller retry with v0.
  for (const version of [0, requested]) {
    try {
      return apiVersionsApi.decodeResponse(new Reader(frame, 4), version);
    } catch {
      // try the next format
    }
  }
  return { errorCode, apiKeys: [] };
}

/** Record data of this many bytes or more goes to the socket from the caller's buffers (see `send`). */
const ZERO_COPY_FROM = 4096;

/** Writes a frame's buffers as one (vectored) write. */
function writeFrame(socket: net.Socket, chunks: Buffer[]): void {
  if (chunks.length === 1) {
    socket.write(chunks[0]!);
    return;
  }
  socket.cork();
  for (const c of chunks) socket.write(c);
  socket.uncork();
}
