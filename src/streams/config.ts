import type { Serde } from './serdes/serde.js';
import type { TimestampExtractor } from './processor/timestamp-extractor.js';
import type { DeserializationExceptionHandler } from './errors/deserialization-handler.js';
import type { ProcessingExceptionHandler } from './errors/processing-handler.js';

/**
 * Settings of a Streams application (Kafka Streams' `StreamsConfig`), with Kafka's property names.
 * Unknown keys are kept and passed to processors and stores as `appConfigs`.
 */
export interface StreamsConfig {
  'application.id'?: string;
  /** bytes of the record cache shared by a thread's stores; 0 turns caching off (Kafka's default is 10 MiB) */
  'statestore.cache.max.bytes'?: number;
  'default.key.serde'?: Serde<unknown>;
  'default.value.serde'?: Serde<unknown>;
  'default.timestamp.extractor'?: TimestampExtractor;
  'deserialization.exception.handler'?: DeserializationExceptionHandler;
  'processing.exception.handler'?: ProcessingExceptionHandler;
  'state.dir'?: string;
  /** "none" or "all" (DSL topologies only) */
  'topology.optimization'?: string;
  'commit.interval.ms'?: number;
  'processing.guarantee'?: string;
  [key: string]: unknown;
}

export const DEFAULT_CACHE_MAX_BYTES = 10 * 1024 * 1024;

/** Reads a numeric config that may also be given as a string. */
export function configNumber(config: Readonly<StreamsConfig>, key: string, fallback: number): number {
  const v = config[key];
  if (v === undefined || v === null) return fallback;
  const n = typeof v === 'string' ? Number(v) : (v as number);
  if (typeof n !== 'number' || Number.isNaN(n)) throw new TypeError(`config ${key} must be a number, got ${String(v)}`);
  return n;
}
