/**
 * Base of every error the Streams library throws (Kafka Streams' `StreamsException`).
 * `code` names the kind of failure; `retriable` says whether trying again may succeed.
 */
export class StreamsError extends Error {
  readonly code: string;
  readonly retriable: boolean;

  constructor(message: string, options: { code?: string; retriable?: boolean; cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.code = options.code ?? 'STREAMS_ERROR';
    this.retriable = options.retriable ?? false;
  }
}

/** A topology that cannot be built or run as described (Kafka Streams' `TopologyException`). */
export class TopologyError extends StreamsError {
  constructor(message: string, options: { cause?: unknown } = {}) {
    super(`Invalid topology: ${message}`, { code: 'INVALID_TOPOLOGY', ...options });
  }
}

/** Bytes that a serializer or deserializer cannot handle (Kafka's `SerializationException`). */
export class SerializationError extends StreamsError {
  constructor(message: string, options: { cause?: unknown } = {}) {
    super(message, { code: 'SERIALIZATION', ...options });
  }
}

/** A state store was used in a way it does not allow, or is not reachable (`InvalidStateStoreException`). */
export class InvalidStateStoreError extends StreamsError {
  constructor(message: string, options: { cause?: unknown } = {}) {
    super(message, { code: 'INVALID_STATE_STORE', ...options });
  }
}
