// Turns a broker's error code into a typed client error (name and retriable flag from Kafka's table).
import { KafkaProtocolError, ProducerFencedError, RebalanceInProgressError } from './errors.js';
import { errorCodeInfo } from '../protocol/errors/index.js';

/** Error codes that mean "refresh metadata and retry". */
export const METADATA_REFRESH_CODES: ReadonlySet<number> = new Set([3, 5, 6, 9, 74, 75, 103]);
/** Error codes that mean "find the coordinator again". */
export const COORDINATOR_CODES: ReadonlySet<number> = new Set([14, 15, 16]);

export function brokerError(errorCode: number, context: string, message?: string | null): KafkaProtocolError {
  const info = errorCodeInfo(errorCode);
  const text = `${context}: ${info.name} (${errorCode})${message ? `: ${message}` : ''}`;
  if (errorCode === 90 || errorCode === 47) return new ProducerFencedError(text, errorCode);
  if (errorCode === 27) return new RebalanceInProgressError(text, errorCode);
  return new KafkaProtocolError(text, { code: info.name, errorCode, retriable: info.retriable });
}

/** Throws the typed error for a non-zero code. */
export function throwIfError(errorCode: number | undefined, context: string, message?: string | null): void {
  if (errorCode !== undefined && errorCode !== 0) throw brokerError(errorCode, context, message);
}
