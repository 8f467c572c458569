/**
 * A tagged field the decoder did not know (a newer peer's field). Kept as raw bytes so a message that is
 * decoded and encoded again does not lose it. Encoders write these after the known tagged fields.
 */
export interface UnknownTaggedField {
  readonly tag: number;
  /** Raw field bytes (a zero-copy view into the decoded input). */
  readonly data: Buffer;
}
