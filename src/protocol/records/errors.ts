// Errors raised while reading or writing record batches. Each carries a stable string `code`, whether a
// retry can help, and the Kafka error code a broker would answer with.

export type RecordBatchErrorCode =
  /** Bytes do not form a valid batch: bad CRC, lengths that disagree, truncated fields, bad varints. */
  | 'CORRUPT_RECORD'
  /** The batch's magic byte is not 2 (v0/v1 message sets are not supported). */
  | 'UNSUPPORTED_MAGIC'
  /** The batch names a compression codec that is unknown or not available. */
  | 'UNSUPPORTED_COMPRESSION'
  /** A well-formed batch whose content breaks a rule (e.g. a control batch that is not a valid marker). */
  | 'INVALID_RECORD';

const KAFKA_ERROR_CODES: Record<RecordBatchErrorCode, number> = {
  CORRUPT_RECORD: 2, // CORRUPT_MESSAGE
  UNSUPPORTED_MAGIC: 2, // a broker answers CORRUPT_MESSAGE for an unreadable batch
  UNSUPPORTED_COMPRESSION: 76, // UNSUPPORTED_COMPRESSION_TYPE
  INVALID_RECORD: 87, // INVALID_RECORD
};

export class RecordBatchError extends Error {
  override readonly name = 'RecordBatchError';
  /** Kafka protocol error code matching this failure. */
  readonly kafkaErrorCode: number;
  /** Kafka treats a corrupt message as retriable (it may have been damaged in transit). */
  readonly retriable: boolean;

  constructor(
    readonly code: RecordBatchErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.kafkaErrorCode = KAFKA_ERROR_CODES[code];
    this.retriable = code === 'CORRUPT_RECORD';
  }
}
