// Listener security of the development broker: SASL users and mechanisms, TLS certificate files.
// The default (no security option) is a plaintext listener with no authentication.

export type SaslMechanism = 'PLAIN' | 'SCRAM-SHA-256' | 'SCRAM-SHA-512';

export interface SaslUser {
  readonly username: string;
  readonly password: string;
}

export interface SecurityOptions {
  /** When set, clients must authenticate with one of these mechanisms before anything else. */
  readonly sasl?: {
    readonly mechanisms?: readonly SaslMechanism[];
    readonly users: readonly SaslUser[];
  };
  /** When set, the listener speaks TLS with this certificate and key (PEM files). */
  readonly tls?: {
    readonly certFile: string;
    readonly keyFile: string;
  };
}

export const ALL_MECHANISMS: readonly SaslMechanism[] = ['PLAIN', 'SCRAM-SHA-256', 'SCRAM-SHA-512'];
