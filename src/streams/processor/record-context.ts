import type { Headers } from './headers.js';

/**
 * Where the record being processed came from and its timestamp (Kafka Streams' `RecordContext`).
 * Inside a punctuation `topic` is null and partition/offset are -1.
 */
export interface RecordContext {
  readonly timestamp: number;
  readonly topic: string | null;
  readonly partition: number;
  readonly offset: number;
  readonly headers: Headers;
}
