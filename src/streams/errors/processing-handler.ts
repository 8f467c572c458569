/** What a processing exception handler knows about the failure. */
export interface ProcessingErrorContext {
  readonly taskId: string;
  /** the node whose processor (or punctuator) threw */
  readonly processorNode: string;
  /** where the failing record came from; null topic inside a punctuation */
  readonly topic: string | null;
  readonly partition: number;
  readonly offset: number;
  readonly timestamp: number;
}

/**
 * Decides whether processing goes on after a processor throws (Kafka Streams'
 * `ProcessingExceptionHandler`): 'continue' drops the record (or the punctuation's work), 'fail'
 * stops the task with the error.
 */
export type ProcessingExceptionHandler = (error: unknown, context: ProcessingErrorContext) => 'continue' | 'fail';

/** Stops processing (the default). */
export const logAndFailProcessingHandler: ProcessingExceptionHandler = () => 'fail';

/** Logs a warning and goes on with the next record. */
export const logAndContinueProcessingHandler: ProcessingExceptionHandler = (error, context) => {
  console.warn(
    `kstreams: processor ${context.processorNode} of task ${context.taskId} failed on ${context.topic ?? 'a punctuation'}` +
      `${context.topic === null ? '' : `-${context.partition}@${context.offset}`}; skipping: ` +
      `${error instanceof Error ? error.message : String(error)}`,
  );
  return 'continue';
};
