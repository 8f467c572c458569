export { StreamsError, TopologyError, SerializationError, InvalidStateStoreError } from './streams-error.js';
export {
  type DeserializationExceptionHandler,
  type DeserializationHandlerResponse,
  type DeserializationHandlerContext,
  sendToDeadLetterQueueHandler,
  logAndFailExceptionHandler,
  logAndContinueExceptionHandler,
} from './deserialization-handler.js';
export {
  type ProcessingExceptionHandler,
  type ProcessingErrorContext,
  logAndFailProcessingHandler,
  logAndContinueProcessingHandler,
} from './processing-handler.js';
export {
  type ProductionExceptionHandler,
  type ProductionErrorContext,
  type ProductionErrorKind,
  type FailedProducerRecord,
  ProductionError,
  defaultProductionExceptionHandler,
  logAndContinueProductionHandler,
} from './production-handler.js';
export { DLQ_HEADERS, deadLetterRecord, type DeadLetterSource } from './dead-letter.js';
export { errorHandlersFromConfig, type ErrorHandlers } from './handler-config.js';
