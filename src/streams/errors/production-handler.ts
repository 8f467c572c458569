import type { Headers } from '../processor/headers.js';
import { StreamsError } from './streams-error.js';

/** Where producing a record failed: serializing it at the sink, or sending it. */
export type ProductionErrorKind = 'serialization' | 'send';

/** The record that could not be produced (typed values for serialization errors, bytes for send errors). */
export interface FailedProducerRecord {
  readonly topic: string;
  readonly key: unknown;
  readonly value: unknown;
  readonly timestamp: number;
  readonly headers?: Headers | undefined;
  readonly partition?: number | undefined;
}

/** What a production exception handler knows about the failure. */
export interface ProductionErrorContext {
  readonly taskId: string;
  readonly kind: ProductionErrorKind;
  /** for serialization errors: whether the key or the value failed */
  readonly origin?: 'key' | 'value' | undefined;
  /** the sink node that produced the record, when known */
  readonly processorNode: string | null;
  /** the input record being processed when the failure happened (null topic: a punctuation or unknown) */
  readonly sourceTopic: string | null;
  readonly sourcePartition: number;
  readonly sourceOffset: number;
}

/**
 * Decides whether processing goes on after a record could not be serialized or sent (Kafka Streams'
 * `ProductionExceptionHandler`): 'continue' drops the record (counted in `dropped-records`),
 * 'fail' stops the task.
 */
export type ProductionExceptionHandler = (error: unknown, record: FailedProducerRecord, context: ProductionErrorContext) => 'continue' | 'fail';

/** Stops processing (Kafka's `DefaultProductionExceptionHandler`; the default). */
export const defaultProductionExceptionHandler: ProductionExceptionHandler = () => 'fail';

/** Logs a warning and drops the record. */
export const logAndContinueProductionHandler: ProductionExceptionHandler = (error, record, context) => {
  console.warn(
    `kstreams: task ${context.taskId} could not ${context.kind === 'send' ? 'send' : `serialize the ${context.origin ?? 'record'} of`} ` +
      `a record for topic ${record.topic}${record.partition !== undefined && record.partition >= 0 ? ` partition ${record.partition}` : ''}; ` +
      `dropping it: ${error instanceof Error ? error.message : String(error)}`,
  );
  return 'continue';
};

/** The error a task stops with when the production handler says 'fail' (never given to the processing handler). */
export class ProductionError extends StreamsError {
  constructor(message: string, options: { cause?: unknown } = {}) {
    super(message, { code: 'PRODUCTION', ...options });
  }
}
