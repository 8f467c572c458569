// Public API of interactive queries.
export { InteractiveQueries, type LocalThreadMetadata } from './interactive-queries.js';
export { QueryableStoreError, type QueryErrorCode } from './errors.js';
export { StoreQueryParameters } from './store-query-parameters.js';
export { QueryableStoreTypes, type QueryableStoreType } from './queryable-store-types.js';
export { KeyQuery, TimestampedKeyQuery, RangeQuery, WindowKeyQuery, WindowRangeQuery, type Query } from './queries.js';
export { StateQueryRequest, StateQueryResult, QueryResult, type FailureReason } from './state-query.js';
export {
  KEY_QUERY_METADATA_NOT_AVAILABLE,
  isAvailable,
  type StreamsMetadata,
  type KeyQueryMetadata,
  type KeyMetadataOptions,
} from './streams-metadata.js';
export type { KeyPartitioner } from './key-partition.js';
export { parseHostInfo, type HostInfo } from './host-info.js';
export type { QueryRuntime, LocalTask, ClusterAssignment, StoreLayout, RuntimeState, TopicPartitionRef } from './query-runtime.js';
export { topologyStoreLayout } from './topology-layout.js';
export { QueryServer, type QueryServerOptions, type StoreHttpCodec } from './http/query-server.js';
