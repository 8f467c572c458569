// A SASL mechanism as a client-side exchange: the client speaks first, then answers each server
// message until the exchange is complete. The connection carries the bytes (SaslAuthenticate).

export interface SaslExchange {
  /** The mechanism name sent in SaslHandshake (`PLAIN`, `SCRAM-SHA-256`, `SCRAM-SHA-512`). */
  readonly mechanism: string;
  /** The first client message. */
  initial(): Buffer;
  /**
   * Answers a server message. Returns the next client message, or `undefined` when the exchange is
   * complete (the server message was the last one and has been verified). Throws on a bad server message.
   */
  respond(server: Buffer): Buffer | undefined;
}

export type SaslMechanismName = 'PLAIN' | 'SCRAM-SHA-256' | 'SCRAM-SHA-512';
