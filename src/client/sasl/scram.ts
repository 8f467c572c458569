// SASL SCRAM-SHA-256 / SCRAM-SHA-512 client (RFC 5802, RFC 7677), without channel binding ("n,,").
import { createHash, createHmac, pbkdf2Sync, randomBytes, timingSafeEqual } from 'node:crypto';
import { SaslAuthenticationError } from '../errors.js';
import type { SaslExchange } from './mechanism.js';

export type ScramMechanism = 'SCRAM-SHA-256' | 'SCRAM-SHA-512';

export interface ScramOptions {
  mechanism: ScramMechanism;
  username: string;
  password: string;
  /** Client nonce; random by default (tests pass the RFC's). */
  nonce?: string;
}

const digests: Record<ScramMechanism, { hash: 'sha256' | 'sha512'; length: number }> = {
  'SCRAM-SHA-256': { hash: 'sha256', length: 32 },
  'SCRAM-SHA-512': { hash: 'sha512', length: 64 },
};

/** `=` and `,` are escaped in SCRAM user names (RFC 5802 §5.1). */
function saslName(name: string): string {
  return name.replace(/=/g, '=3D').replace(/,/g, '=2C');
}

function parseAttributes(message: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const part of message.split(',')) {
    const eq = part.indexOf('=');
    if (eq === 1) out.set(part[0]!, part.slice(2));
  }
  return out;
}

function xor(a: Buffer, b: Buffer): Buffer {
  const out = Buffer.allocUnsafe(a.length);
  for (let i = 0; i < a.length; i++) out[i] = a[i]! ^ b[i]!;
  return out;
}

/** Derives the SCRAM keys; exported for tests that play the server side. */
export function scramKeys(mechanism: ScramMechanism, password: string, salt: Buffer, iterations: number) {
  const { hash, length } = digests[mechanism];
  const salted = pbkdf2Sync(password.normalize('NFKC'), salt, iterations, length, hash);
  const clientKey = createHmac(hash, salted).update('Client Key').digest();
  const storedKey = createHash(hash).update(clientKey).digest();
  const serverKey = createHmac(hash, salted).update('Server Key').digest();
  return { salted, clientKey, storedKey, serverKey };
}

export function scramExchange(options: ScramOptions): SaslExchange {
  const { hash } = digests[options.mechanism];
  const clientNonce = options.nonce ?? randomBytes(24).toString('base64').replace(/[=,]/g, '');
  const clientFirstBare = `n=${saslName(options.username)},r=${clientNonce}`;
  let expectedServerSignature: Buffer | undefined;

  const fail = (message: string): never => {
    throw new SaslAuthenticationError(`${options.mechanism}: ${message}`);
  };

  return {
    mechanism: options.mechanism,
    initial: () => Buffer.from(`n,,${clientFirstBare}`, 'utf8'),
    respond(server: Buffer): Buffer | undefined {
      const text = server.toString('utf8');
      const attrs = parseAttributes(text);
      if (expectedServerSignature === undefined) {
        if (attrs.has('e')) fail(`server error ${attrs.get('e')}`);
        const nonce = attrs.get('r');
        const salt = attrs.get('s');
        const iterations = Number(attrs.get('i'));
        if (!nonce || !nonce.startsWith(clientNonce) || nonce.length === clientNonce.length) fail('bad server nonce');
        if (!salt || !Number.isInteger(iterations) || iterations < 1) fail('bad server-first message');
        const keys = scramKeys(options.mechanism, options.password, Buffer.from(salt!, 'base64'), iterations);
        const clientFinalWithoutProof = `c=biws,r=${nonce}`;
        const authMessage = `${clientFirstBare},${text},${clientFinalWithoutProof}`;
        const clientSignature = createHmac(hash, keys.storedKey).update(authMessage).digest();
        const proof = xor(keys.clientKey, clientSignature).toString('base64');
        expectedServerSignature = createHmac(hash, keys.serverKey).update(authMessage).digest();
        return Buffer.from(`${clientFinalWithoutProof},p=${proof}`, 'utf8');
      }
      if (attrs.has('e')) fail(`server error ${attrs.get('e')}`);
      const v = Buffer.from(attrs.get('v') ?? '', 'base64');
      if (v.length !== expectedServerSignature.length || !timingSafeEqual(v, expectedServerSignature)) {
        fail('server signature does not verify');
      }
      return undefined;
    },
  };
}
