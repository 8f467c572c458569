// SASL PLAIN (RFC 4616): one message `authzid NUL authcid NUL passwd`, no server challenge.
import type { SaslExchange } from './mechanism.js';

export function plainExchange(options: { username: string; password: string; authorizationId?: string }): SaslExchange {
  return {
    mechanism: 'PLAIN',
    initial: () => Buffer.from(`${options.authorizationId ?? ''}\u0000${options.username}\u0000${options.password}`, 'utf8'),
    respond: () => undefined,
  };
}
