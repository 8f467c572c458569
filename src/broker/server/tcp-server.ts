// The TCP listener: one Connection per client socket.
import { createServer } from 'node:net';
import { readFileSync } from 'node:fs';
import { createServer as createTlsServer } from 'node:tls';
import type { SecurityOptions } from '../security/security-config.js';
import { SaslUsers } from '../security/sasl-session.js';
import type { Server, Socket } from 'node:net';
import { Connection } from './connection.js';
import type { BrokerState } from '../state/broker-state.js';
import type { RequestInterceptor } from './intercept.js';

export interface TcpServerOptions {
  readonly state: BrokerState;
  readonly maxFrameBytes: number;
  readonly interceptors: RequestInterceptor[];
  readonly log: (message: string) => void;
  /** SASL and TLS of the listener (security/); absent: plaintext, no authentication. */
  readonly security?: SecurityOptions | undefined;
}

export class TcpServer {
  private readonly server: Server;
  private readonly connections = new Set<Connection>();
  private nextId = 1;

  private readonly saslUsers: SaslUsers | undefined;

  constructor(private readonly options: TcpServerOptions) {
    const tls = options.security?.tls;
    this.saslUsers = options.security?.sasl ? new SaslUsers(options.security.sasl) : undefined;
    this.server = tls
      ? createTlsServer({ cert: readFileSync(tls.certFile), key: readFileSync(tls.keyFile) }, (socket: Socket) => this.accept(socket))
      : createServer((socket: Socket) => this.accept(socket));
    // A client failing the TLS handshake is that client's problem only.
    this.server.on('tlsClientError', (err: Error) => options.log(`TLS handshake failed: ${err.message}`));
  }

  listen(host: string, port: number): Promise<{ host: string; port: number }> {
    return new Promise((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(port, host, () => {
        this.server.off('error', reject);
        const address = this.server.address();
        if (address === null || typeof address === 'string') return reject(new Error('no TCP address'));
        resolve({ host, port: address.port });
      });
    });
  }

  private accept(socket: Socket): void {
    const connection = new Connection({
      id: this.nextId++,
      socket,
      state: this.options.state,
      maxFrameBytes: this.options.maxFrameBytes,
      interceptors: this.options.interceptors,
      log: this.options.log,
      saslUsers: this.saslUsers,
    });
    this.connections.add(connection);
    void connection.closed.then(() => this.connections.delete(connection));
  }

  async close(): Promise<void> {
    const closed = new Promise<void>((resolve) => this.server.close(() => resolve()));
    for (const c of this.connections) c.close();
    await closed;
  }
}
