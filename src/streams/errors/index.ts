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
