// Options shared by every client kind. Names follow Kafka's configuration keys in camelCase
// (`security.protocol` → `securityProtocol`, `sasl.mechanism` → `saslMechanism`, …).
import type { ConnectionOptions as TlsConnectionOptions } from 'node:tls';
import type { SaslMechanismName } from './sasl/mechanism.js';

export type SecurityProtocol = 'PLAINTEXT' | 'SSL' | 'SASL_PLAINTEXT' | 'SASL_SSL';

export interface ClientOptions {
  /** `host:port` addresses to bootstrap from: an array or a comma-separated string. */
  bootstrapServers: string | readonly string[];
  /** Sent in every request header. Default `kstreams`. */
  clientId?: string;
  /** Default `PLAINTEXT`. */
  securityProtocol?: SecurityProtocol;
  /** Extra node:tls options (ca, cert, key, servername, rejectUnauthorized…) for SSL / SASL_SSL. */
  ssl?: TlsConnectionOptions;
  /** Required for SASL_PLAINTEXT / SASL_SSL. */
  saslMechanism?: SaslMechanismName;
  saslUsername?: string;
  saslPassword?: string;
  /** Time to wait for a response. Default 30000. */
  requestTimeoutMs?: number;
  /** Time to wait for a TCP (and TLS) connection. Default 10000. */
  connectionTimeoutMs?: number;
  /** Retries of a retriable failure before giving up. Default 5 (producer: effectively bounded by deliveryTimeoutMs). */
  retries?: number;
  /** First backoff between retries. Default 100. */
  retryBackoffMs?: number;
  /** Backoff ceiling (exponential with jitter). Default 1000. */
  retryBackoffMaxMs?: number;
  /** Metadata is refreshed at least this often. Default 300000. */
  metadataMaxAgeMs?: number;
}

export interface ResolvedClientOptions {
  bootstrapServers: Array<{ host: string; port: number }>;
  clientId: string;
  securityProtocol: SecurityProtocol;
  ssl: TlsConnectionOptions | undefined;
  saslMechanism: SaslMechanismName | undefined;
  saslUsername: string;
  saslPassword: string;
  requestTimeoutMs: number;
  connectionTimeoutMs: number;
  retries: number;
  retryBackoffMs: number;
  retryBackoffMaxMs: number;
  metadataMaxAgeMs: number;
}

export function parseHostPort(address: string): { host: string; port: number } {
  const s = address.trim();
  const idx = s.lastIndexOf(':');
  if (idx <= 0) return { host: s, port: 9092 };
  let host = s.slice(0, idx);
  if (host.startsWith('[') && host.endsWith(']')) host = host.slice(1, -1);
  const port = Number(s.slice(idx + 1));
  if (!Number.isInteger(port) || port <= 0 || port > 65535) throw new Error(`invalid broker address ${JSON.stringify(address)}`);
  return { host, port };
}

export function resolveClientOptions(o: ClientOptions): ResolvedClientOptions {
  const list = typeof o.bootstrapServers === 'string' ? o.bootstrapServers.split(',') : [...o.bootstrapServers];
  const bootstrapServers = list.filter((s) => s.trim() !== '').map(parseHostPort);
  if (bootstrapServers.length === 0) throw new Error('bootstrapServers is empty');
  const securityProtocol = o.securityProtocol ?? 'PLAINTEXT';
  const sasl = securityProtocol === 'SASL_PLAINTEXT' || securityProtocol === 'SASL_SSL';
  if (sasl && (!o.saslMechanism || o.saslUsername === undefined || o.saslPassword === undefined)) {
    throw new Error(`securityProtocol ${securityProtocol} needs saslMechanism, saslUsername and saslPassword`);
  }
  return {
    bootstrapServers,
    clientId: o.clientId ?? 'kstreams',
    securityProtocol,
    ssl: o.ssl,
    saslMechanism: sasl ? o.saslMechanism : undefined,
    saslUsername: o.saslUsername ?? '',
    saslPassword: o.saslPassword ?? '',
    requestTimeoutMs: o.requestTimeoutMs ?? 30_000,
    connectionTimeoutMs: o.connectionTimeoutMs ?? 10_000,
    retries: o.retries ?? 5,
    retryBackoffMs: o.retryBackoffMs ?? 100,
    retryBackoffMaxMs: o.retryBackoffMaxMs ?? 1000,
    metadataMaxAgeMs: o.metadataMaxAgeMs ?? 300_000,
  };
}
