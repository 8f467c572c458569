/** Error codes of the state layer. */
export type StateStoreErrorCode =
  | 'STORE_NOT_OPEN'
  | 'STORE_ALREADY_INITIALIZED'
  | 'NULL_KEY'
  | 'INVALID_ARGUMENT'
  | 'BACKEND_FAILURE';

/** A state store failed (Kafka Streams' `InvalidStateStoreException` / `ProcessorStateException`). */
export class StateStoreError extends Error {
  override readonly name = 'StateStoreError';
  constructor(
    readonly code: StateStoreErrorCode,
    message: string,
    readonly retriable = false,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

export function storeNotOpen(storeName: string): StateStoreError {
  return new StateStoreError('STORE_NOT_OPEN', `state store ${storeName} is not open`, true);
}

export function nullKey(storeName: string): StateStoreError {
  return new StateStoreError('NULL_KEY', `state store ${storeName}: keys must not be null`);
}
