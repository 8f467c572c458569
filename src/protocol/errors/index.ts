export { ERROR_CODES, ErrorCode } from './error-codes.js';
export type { ErrorCodeInfo, ErrorCodeName } from './error-codes.js';
export { KafkaError, errorCodeInfo, errorCodeByName, isRetriableErrorCode } from './kafka-error.js';
