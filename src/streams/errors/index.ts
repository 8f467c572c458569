export { StreamsError, TopologyError, SerializationError, InvalidStateStoreError } from './streams-error.js';
export {
  type DeserializationExceptionHandler,
  type DeserializationHandlerResponse,
  logAndFailExceptionHandler,
  logAndContinueExceptionHandler,
} from './deserialization-handler.js';
