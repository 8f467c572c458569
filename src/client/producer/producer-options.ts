import type { ClientOptions } from '../options.js';
import type { CompressionType, Partitioner } from './types.js';

export interface ProducerOptions extends ClientOptions {
  /** -1 (all, default and required with idempotence), 1, or 0 (no response). */
  acks?: -1 | 0 | 1;
  /** Wait up to this long for more records before sending a batch. Default 5. */
  lingerMs?: number;
  /** Largest batch per partition in bytes (uncompressed estimate). Default 16384. */
  batchSize?: number;
  /** Largest produce request in bytes. Default 1048576. */
  maxRequestSize?: number;
  /** Produce requests awaiting a response per connection. Default 5 (at most 5 with idempotence). */
  maxInFlightRequestsPerConnection?: number;
  /** Default 'none'. */
  compressionType?: CompressionType;
  /** Default true: the producer gets a producer id and sequences its batches (no duplicates on retry). */
  enableIdempotence?: boolean;
  /** Enables transactions (implies idempotence). */
  transactionalId?: string;
  /** Default 60000. */
  transactionTimeoutMs?: number;
  /** A record fails if not acknowledged within this time. Default 120000. */
  deliveryTimeoutMs?: number;
  /** Custom partitioner for records without an explicit partition. Default: murmur2 on keys, sticky otherwise. */
  partitioner?: Partitioner;
  /** Let metadata requests create missing topics (broker setting permitting). Default true. */
  allowAutoTopicCreation?: boolean;
}
