import type { ConsumedRecord } from '../processor/timestamp-extractor.js';

/** What to do with a record whose key or value cannot be deserialized. */
export type DeserializationHandlerResponse = 'continue' | 'fail';

/**
 * Decides the fate of a record that fails to deserialize (Kafka Streams'
 * `DeserializationExceptionHandler`). The record carries the raw bytes as key and value.
 */
export type DeserializationExceptionHandler = (
  record: ConsumedRecord<Buffer, Buffer>,
  error: unknown,
  context: DeserializationHandlerContext,
) => DeserializationHandlerResponse;

/** What a deserialization handler knows of the failure, and how it can keep the bad record. */
export interface DeserializationHandlerContext {
  readonly taskId: string;
  readonly sourceNode: string;
  /**
   * Writes the raw record to `topic` (a dead-letter queue) through the task's producer, with error
   * headers as Kafka Streams adds them (`__streams.errors.*`).
   */
  sendToDeadLetterQueue(topic: string): void;
}

/** Stops processing (the default). */
export const logAndFailExceptionHandler: DeserializationExceptionHandler = () => 'fail';

/** Logs a warning and skips the record. */
export const logAndContinueExceptionHandler: DeserializationExceptionHandler = (record, error, context) => {
  console.warn(
    `kstreams: skipping record ${record.topic}-${record.partition}@${record.offset} of task ${context.taskId} ` +
      `that failed to deserialize: ${error instanceof Error ? error.message : String(error)}`,
  );
  return 'continue';
};

/** Writes records that fail to deserialize to a dead-letter topic, then skips them. */
export function sendToDeadLetterQueueHandler(topic: string): DeserializationExceptionHandler {
  return (_record, _error, context) => {
    context.sendToDeadLetterQueue(topic);
    return 'continue';
  };
}
