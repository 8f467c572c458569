import { InvalidStateStoreError } from '../errors/streams-error.js';

/**
 * Why a store cannot be queried here now (Kafka Streams' `InvalidStateStoreException` family):
 * - `UNKNOWN_STATE_STORE`: no store of that name in the topology (`UnknownStateStoreException`), not retriable;
 * - `STREAMS_NOT_STARTED`: the instance is CREATED (`StreamsNotStartedException`), retriable once started;
 * - `STREAMS_REBALANCING`: tasks are being assigned or restored (`StreamsRebalancingException`), retriable;
 * - `STATE_STORE_MIGRATED`: the store is not (or no longer) hosted here, e.g. moved by a rebalance
 *   (`StateStoreMigratedException`), retriable after refreshing metadata;
 * - `STREAMS_STOPPED`: the instance is shutting down or stopped, not retriable;
 * - `INVALID_PARTITION`: `withPartition(p)` names a partition the store does not have.
 */
export type QueryErrorCode =
  | 'UNKNOWN_STATE_STORE'
  | 'STREAMS_NOT_STARTED'
  | 'STREAMS_REBALANCING'
  | 'STATE_STORE_MIGRATED'
  | 'STREAMS_STOPPED'
  | 'INVALID_PARTITION'
  | 'WRONG_STORE_TYPE';

const RETRIABLE: ReadonlySet<QueryErrorCode> = new Set(['STREAMS_NOT_STARTED', 'STREAMS_REBALANCING', 'STATE_STORE_MIGRATED']);

export class QueryableStoreError extends InvalidStateStoreError {
  override readonly code: QueryErrorCode;
  override readonly retriable: boolean;

  constructor(code: QueryErrorCode, message: string, options: { cause?: unknown } = {}) {
    super(message, options);
    this.code = code;
    this.retriable = RETRIABLE.has(code);
  }
}
