// Server side of SCRAM-SHA-256/512 (RFC 5802, RFC 7677) as Kafka uses it: two round trips,
// client-first -> server-first, client-final -> server-final. Credentials are derived from the
// configured password once per user (salt, 4096 iterations), as Kafka stores them.
import { createHash, createHmac, pbkdf2Sync, randomBytes, timingSafeEqual } from 'node:crypto';

export type ScramHash = 'sha256' | 'sha512';

export interface ScramCredential {
  readonly salt: Buffer;
  readonly iterations: number;
  readonly storedKey: Buffer;
  readonly serverKey: Buffer;
}

const KEY_LENGTH: Record<ScramHash, number> = { sha256: 32, sha512: 64 };

export function scramCredential(password: string, hash: ScramHash, iterations = 4096, salt: Buffer = randomBytes(16)): ScramCredential {
  const salted = pbkdf2Sync(Buffer.from(password.normalize('NFKC')), salt, iterations, KEY_LENGTH[hash], hash);
  const clientKey = createHmac(hash, salted).update('Client Key').digest();
  return {
    salt,
    iterations,
    storedKey: createHash(hash).update(clientKey).digest(),
    serverKey: createHmac(hash, salted).update('Server Key').digest(),
  };
}

export type ScramStep =
  | { readonly kind: 'continue'; readonly response: Buffer }
  | { readonly kind: 'done'; readonly response: Buffer; readonly username: string }
  | { readonly kind: 'failed'; readonly message: string };

/** One SCRAM exchange on one connection. */
export class ScramServer {
  private state: 'first' | 'final' | 'over' = 'first';
  private username = '';
  private nonce = '';
  private clientFirstBare = '';
  private serverFirst = '';
  private credential: ScramCredential | undefined;

  constructor(
    private readonly hash: ScramHash,
    private readonly lookup: (username: string) => ScramCredential | undefined,
    private readonly serverNonce: () => string = () => randomBytes(18).toString('base64'),
  ) {}

  step(message: Buffer): ScramStep {
    try {
      if (this.state === 'first') return this.first(message.toString('utf8'));
      if (this.state === 'final') return this.final(message.toString('utf8'));
      return this.fail('exchange already finished');
    } catch (err) {
      return this.fail(`malformed SCRAM message: ${(err as Error).message}`);
    }
  }

  private fail(message: string): ScramStep {
    this.state = 'over';
    return { kind: 'failed', message };
  }

  private first(text: string): ScramStep {
    // gs2-header: "n,," (no channel binding, no authzid) or "n,a=authzid,"
    const m = /^([ny]),(a=[^,]*)?,(.*)$/.exec(text);
    if (!m) return this.fail('bad gs2 header');
    const bare = m[3]!;
    const attrs = parseAttributes(bare);
    const user = attrs.get('n');
    const clientNonce = attrs.get('r');
    if (user === undefined || clientNonce === undefined || clientNonce === '') return this.fail('missing user or nonce');
    this.username = user.replace(/=2C/g, ',').replace(/=3D/g, '=');
    this.credential = this.lookup(this.username);
    // An unknown user still gets a (fake) challenge, so the failure comes at the proof.
    const credential = this.credential ?? scramCredential(randomBytes(8).toString('hex'), this.hash);
    this.clientFirstBare = bare;
    this.nonce = clientNonce + this.serverNonce();
    this.serverFirst = `r=${this.nonce},s=${credential.salt.toString('base64')},i=${credential.iterations}`;
    this.state = 'final';
    return { kind: 'continue', response: Buffer.from(this.serverFirst) };
  }

  private final(text: string): ScramStep {
    const proofAt = text.lastIndexOf(',p=');
    if (proofAt < 0) return this.fail('missing proof');
    const withoutProof = text.slice(0, proofAt);
    const attrs = parseAttributes(text);
    // Kafka accepts a final nonce that ends with the server's (librdkafka 2.0 prefixes its own nonce again).
    if (!(attrs.get('r') ?? '').endsWith(this.nonce)) return this.fail('nonce mismatch');
    const proof = Buffer.from(attrs.get('p') ?? '', 'base64');
    const credential = this.credential;
    this.state = 'over';
    if (credential === undefined) return { kind: 'failed', message: `authentication failed for ${this.username}` };
    const authMessage = `${this.clientFirstBare},${this.serverFirst},${withoutProof}`;
    const clientSignature = createHmac(this.hash, credential.storedKey).update(authMessage).digest();
    if (proof.length !== clientSignature.length) return { kind: 'failed', message: `authentication failed for ${this.username}` };
    const clientKey = Buffer.alloc(proof.length);
    for (let i = 0; i < proof.length; i++) clientKey[i] = proof[i]! ^ clientSignature[i]!;
    const stored = createHash(this.hash).update(clientKey).digest();
    if (!timingSafeEqual(stored, credential.storedKey)) return { kind: 'failed', message: `authentication failed for ${this.username}` };
    const serverSignature = createHmac(this.hash, credential.serverKey).update(authMessage).digest('base64');
    return { kind: 'done', response: Buffer.from(`v=${serverSignature}`), username: this.username };
  }
}

function parseAttributes(text: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const part of text.split(',')) {
    const eq = part.indexOf('=');
    if (eq === 1) out.set(part[0]!, part.slice(2));
  }
  return out;
}
