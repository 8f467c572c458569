/**
 * Errors raised by the wire codecs. Decoding untrusted bytes (a broker reading requests, a client
 * reading responses) must never loop forever or allocate from a bogus length: every failure is one
 * of these typed errors instead.
 */

/** Input bytes are truncated or malformed (bad length, bad varint, bad marker, …). */
export class MalformedMessageError extends Error {
  readonly code = 'MALFORMED_MESSAGE' as const;
  readonly retriable = false;
  /** Byte offset in the input where the problem was found. */
  readonly offset: number;

  constructor(message: string, offset: number) {
    super(`${message} (at byte ${offset})`);
    this.name = 'MalformedMessageError';
    this.offset = offset;
  }
}

/** A value cannot be encoded in the requested version (null in a non-nullable field, bad uuid, …). */
export class EncodeError extends Error {
  readonly code = 'ENCODE_ERROR' as const;
  readonly retriable = false;

  constructor(message: string) {
    super(message);
    this.name = 'EncodeError';
  }
}

/** The API version is outside the range a codec implements. */
export class UnsupportedVersionError extends Error {
  readonly code = 'UNSUPPORTED_VERSION' as const;
  readonly retriable = false;
  readonly apiName: string;
  readonly version: number;

  constructor(apiName: string, version: number) {
    super(`${apiName} version ${version} is not supported`);
    this.name = 'UnsupportedVersionError';
    this.apiName = apiName;
    this.version = version;
  }
}
