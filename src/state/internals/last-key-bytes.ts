/**
 * The serialized form of the last primitive key a typed store saw. An aggregation reads a key and
 * then writes it (get then put, fetch then put): the second call reuses the bytes of the first
 * instead of serializing again. Only primitive keys (strings, numbers, ...) are remembered, since
 * `===` on them compares content; an object key could have changed between the calls. A key
 * serializer must be deterministic anyway (the store finds a key again by its bytes), and the
 * bytes are never written to once made (the stores own them), so sharing them is safe.
 */
export class LastKeyBytes {
  private key: unknown = undefined;
  private bytes: Buffer | undefined;

  /** the remembered bytes of `key`, or undefined */
  get(key: unknown): Buffer | undefined {
    return key === this.key ? this.bytes : undefined;
  }

  remember(key: unknown, bytes: Buffer): void {
    if (typeof key === 'object' || typeof key === 'function') return;
    this.key = key;
    this.bytes = bytes;
  }
}
