import {
  logAndContinueExceptionHandler,
  logAndFailExceptionHandler,
  type DeserializationExceptionHandler,
} from './deserialization-handler.js';
import { logAndContinueProcessingHandler, logAndFailProcessingHandler, type ProcessingExceptionHandler } from './processing-handler.js';
import { defaultProductionExceptionHandler, logAndContinueProductionHandler, type ProductionExceptionHandler } from './production-handler.js';
import { StreamsError } from './streams-error.js';

/** The error handlers of an application, read from its config. */
export interface ErrorHandlers {
  deserialization: DeserializationExceptionHandler;
  processing: ProcessingExceptionHandler;
  production: ProductionExceptionHandler;
  /** `errors.dead.letter.queue.topic.name`: failed input records are copied there, whatever the handler decides */
  deadLetterQueueTopic: string | undefined;
}

const CONTINUE_NAMES = new Set(['log-and-continue', 'logandcontinue', 'continue', 'logandcontinueexceptionhandler', 'logandcontinueprocessingexceptionhandler', 'logandcontinueproductionexceptionhandler']);
const FAIL_NAMES = new Set(['log-and-fail', 'logandfail', 'fail', 'logandfailexceptionhandler', 'logandfailprocessingexceptionhandler', 'defaultproductionexceptionhandler']);

function pick<H>(config: Readonly<Record<string, unknown>>, keys: readonly string[], onContinue: H, onFail: H): H {
  for (const key of keys) {
    const v = config[key];
    if (v === undefined || v === null) continue;
    if (typeof v === 'function') return v as H;
    if (typeof v === 'string') {
      // accepts Kafka's class names too: org.apache.kafka.streams.errors.LogAndContinueExceptionHandler
      const simple = (v.split('.').pop() ?? v).toLowerCase();
      if (CONTINUE_NAMES.has(simple)) return onContinue;
      if (FAIL_NAMES.has(simple)) return onFail;
    }
    throw new StreamsError(`${key}: expected a handler function, 'log-and-continue' or 'log-and-fail', got ${String(v)}`, { code: 'INVALID_CONFIG' });
  }
  return onFail;
}

/**
 * Reads the handlers from Streams config, as Kafka names them: `deserialization.exception.handler`
 * (or the older `default.deserialization.exception.handler`), `processing.exception.handler`,
 * `production.exception.handler` (or `default.production.exception.handler`), each a handler
 * function or the name of a built-in one; and `errors.dead.letter.queue.topic.name`. Defaults: fail.
 */
export function errorHandlersFromConfig(config: Readonly<Record<string, unknown>>): ErrorHandlers {
  const dlq = config['errors.dead.letter.queue.topic.name'];
  return {
    deserialization: pick(config, ['deserialization.exception.handler', 'default.deserialization.exception.handler'], logAndContinueExceptionHandler, logAndFailExceptionHandler),
    processing: pick(config, ['processing.exception.handler'], logAndContinueProcessingHandler, logAndFailProcessingHandler),
    production: pick(config, ['production.exception.handler', 'default.production.exception.handler'], logAndContinueProductionHandler, defaultProductionExceptionHandler),
    deadLetterQueueTopic: typeof dlq === 'string' && dlq !== '' ? dlq : undefined,
  };
}
