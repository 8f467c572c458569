// Errors the client raises. Every error has a string `code` and a `retriable` flag; errors that come
// from a broker response also carry the Kafka numeric `errorCode`.

export interface KafkaClientErrorOptions {
  code: string;
  retriable?: boolean;
  errorCode?: number;
  cause?: unknown;
}

export class KafkaClientError extends Error {
  readonly code: string;
  readonly retriable: boolean;
  /** The Kafka protocol error code when the error came from a broker, else undefined. */
  readonly errorCode: number | undefined;

  constructor(message: string, options: KafkaClientErrorOptions) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.code = options.code;
    this.retriable = options.retriable ?? false;
    this.errorCode = options.errorCode;
  }
}

/** The socket failed or closed; the request may be retried on a new connection. */
export class ConnectionError extends KafkaClientError {
  constructor(message: string, cause?: unknown) {
    super(message, { code: 'CONNECTION_ERROR', retriable: true, cause });
  }
}

/** No response within `requestTimeoutMs`. */
export class RequestTimeoutError extends KafkaClientError {
  constructor(message: string) {
    super(message, { code: 'REQUEST_TIMED_OUT', retriable: true, errorCode: 7 });
  }
}

export class SaslAuthenticationError extends KafkaClientError {
  constructor(message: string, errorCode?: number) {
    super(message, { code: 'SASL_AUTHENTICATION_FAILED', retriable: false, errorCode: errorCode ?? 58 });
  }
}

/** The client (or the connection) was closed while an operation was pending. */
export class ClientClosedError extends KafkaClientError {
  constructor(message = 'client closed') {
    super(message, { code: 'CLIENT_CLOSED', retriable: false });
  }
}

/** A broker answered with a non-zero error code. */
export class KafkaProtocolError extends KafkaClientError {
  constructor(message: string, options: { code: string; errorCode: number; retriable: boolean }) {
    super(message, options);
  }
}

/**
 * Another producer with the same transactional.id (or a newer epoch) took over: this producer can do
 * nothing more and must be closed (PRODUCER_FENCED / INVALID_PRODUCER_EPOCH in a transaction).
 */
export class ProducerFencedError extends KafkaClientError {
  constructor(message: string, errorCode: number) {
    super(message, { code: 'PRODUCER_FENCED', retriable: false, errorCode });
  }
}

/** A transactional operation was called in a state that does not allow it. */
export class TransactionStateError extends KafkaClientError {
  constructor(message: string) {
    super(message, { code: 'INVALID_TXN_STATE', retriable: false, errorCode: 48 });
  }
}

/** A consumer's group membership was lost or its generation is stale (rebalance needed). */
export class RebalanceInProgressError extends KafkaClientError {
  constructor(message: string, errorCode: number) {
    super(message, { code: 'REBALANCE_IN_PROGRESS', retriable: true, errorCode });
  }
}

/** Options given to a client are invalid. */
export class ConfigError extends KafkaClientError {
  constructor(message: string) {
    super(message, { code: 'INVALID_CONFIG', retriable: false });
  }
}
