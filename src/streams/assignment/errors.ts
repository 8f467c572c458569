/** A streams assignment failure (bad userData, impossible partitioning). Typed, with a code and a retriable flag. */
export class AssignmentError extends Error {
  override readonly name = 'AssignmentError';
  constructor(
    readonly code: 'MALFORMED_USER_DATA' | 'UNSUPPORTED_VERSION' | 'INCOMPLETE_SOURCE_TOPIC_METADATA' | 'COPARTITION_MISMATCH',
    message: string,
    readonly retriable = false,
  ) {
    super(message);
  }
}
