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
  context: { readonly taskId: string; readonly sourceNode: string },
) => DeserializationHandlerResponse;

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
