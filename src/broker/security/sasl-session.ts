// The SASL state of one connection: which mechanism the handshake chose, the exchange in progress,
// and who authenticated. SaslHandshake and SaslAuthenticate drive it; the connection asks
// `authenticated` before serving anything but ApiVersions/SaslHandshake/SaslAuthenticate.
import { timingSafeEqual } from 'node:crypto';
import { ScramServer, scramCredential } from './scram.js';
import type { ScramCredential } from './scram.js';
import { ALL_MECHANISMS } from './security-config.js';
import type { SaslMechanism, SecurityOptions } from './security-config.js';

/** Users and their derived SCRAM credentials, built once per broker. */
export class SaslUsers {
  readonly mechanisms: readonly SaslMechanism[];
  private readonly passwords = new Map<string, string>();
  private readonly scram256 = new Map<string, ScramCredential>();
  private readonly scram512 = new Map<string, ScramCredential>();

  constructor(config: NonNullable<SecurityOptions['sasl']>) {
    this.mechanisms = config.mechanisms ?? ALL_MECHANISMS;
    for (const u of config.users) {
      this.passwords.set(u.username, u.password);
      if (this.mechanisms.includes('SCRAM-SHA-256')) this.scram256.set(u.username, scramCredential(u.password, 'sha256'));
      if (this.mechanisms.includes('SCRAM-SHA-512')) this.scram512.set(u.username, scramCredential(u.password, 'sha512'));
    }
  }

  checkPlain(username: string, password: string): boolean {
    const expected = this.passwords.get(username);
    if (expected === undefined) return false;
    const a = Buffer.from(expected);
    const b = Buffer.from(password);
    return a.length === b.length && timingSafeEqual(a, b);
  }

  scram(mechanism: 'SCRAM-SHA-256' | 'SCRAM-SHA-512', username: string): ScramCredential | undefined {
    return (mechanism === 'SCRAM-SHA-256' ? this.scram256 : this.scram512).get(username);
  }
}

export type SaslStep =
  | { readonly kind: 'continue' | 'done'; readonly response: Buffer }
  | { readonly kind: 'failed'; readonly errorCode: number; readonly message: string };

const ILLEGAL_SASL_STATE = 34;
const SASL_AUTHENTICATION_FAILED = 58;

export class SaslSession {
  mechanism: SaslMechanism | null = null;
  principal: string | null = null;
  private scram: ScramServer | null = null;

  constructor(private readonly users: SaslUsers) {}

  get authenticated(): boolean {
    return this.principal !== null;
  }

  /** SaslHandshake: returns false when the mechanism is not enabled. */
  handshake(mechanism: string): boolean {
    if (!(this.users.mechanisms as readonly string[]).includes(mechanism)) return false;
    this.mechanism = mechanism as SaslMechanism;
    this.scram = null;
    return true;
  }

  enabledMechanisms(): readonly string[] {
    return this.users.mechanisms;
  }

  /** One SaslAuthenticate round. */
  authenticate(token: Buffer): SaslStep {
    if (this.mechanism === null || this.authenticated) {
      return { kind: 'failed', errorCode: ILLEGAL_SASL_STATE, message: 'SaslAuthenticate without a SaslHandshake' };
    }
    if (this.mechanism === 'PLAIN') {
      const parts = token.toString('utf8').split('\u0000');
      if (parts.length !== 3) return this.failed('malformed PLAIN token');
      const [authzid, user, password] = parts as [string, string, string];
      if (authzid !== '' && authzid !== user) return this.failed('authorization id must be empty or the user');
      if (!this.users.checkPlain(user, password)) return this.failed(`authentication failed for ${user}`);
      this.principal = user;
      return { kind: 'done', response: Buffer.alloc(0) };
    }
    const mechanism = this.mechanism;
    this.scram ??= new ScramServer(mechanism === 'SCRAM-SHA-256' ? 'sha256' : 'sha512', (u) => this.users.scram(mechanism, u));
    const step = this.scram.step(token);
    if (step.kind === 'failed') return this.failed(step.message);
    if (step.kind === 'done') this.principal = step.username;
    return { kind: step.kind, response: step.response };
  }

  private failed(message: string): SaslStep {
    this.mechanism = null;
    this.scram = null;
    return { kind: 'failed', errorCode: SASL_AUTHENTICATION_FAILED, message };
  }
}
