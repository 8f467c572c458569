// Public entry point of kstreams/client: re-exports only.
export { Producer } from './producer/producer.js';
export type { ProducerOptions } from './producer/producer-options.js';
export type {
  ProducerRecord,
  ProducerHeaders,
  HeaderValue,
  RecordMetadata,
  Partitioner,
  PartitionerInput,
  TopicPartitionOffset,
  ConsumerGroupMetadata,
  CompressionType,
  FailedRecord,
  ProduceErrorCallback,
} from './producer/types.js';
export { murmur2, murmur2Partition } from './producer/murmur2.js';

export { Consumer } from './consumer/consumer.js';
export { FetchedRecords } from './consumer/fetched-records.js';
export type {
  ConsumerOptions,
  ConsumerRecord,
  TopicPartition,
  CommittedOffset,
  PartitionAssignor,
  AssignmentInput,
  GroupMemberInfo,
  RebalanceListener,
  RecordHeader,
} from './consumer/types.js';
export { rangeAssignor, roundRobinAssignor, cooperativeStickyAssignor } from './consumer/assignors.js';
export {
  encodeSubscription,
  decodeSubscription,
  encodeAssignment,
  decodeAssignment,
  type Subscription,
  type Assignment,
  type TopicPartitions,
} from './consumer/consumer-protocol.js';
export { EARLIEST, LATEST } from './consumer/offsets.js';

export { Admin } from './admin/admin.js';
export type { AdminOptions, NewTopic, ConfigEntry, ConfigResourceType, GroupDescription, OffsetSpec } from './admin/admin.js';

export type { ClientOptions, SecurityProtocol } from './options.js';
export type { SaslMechanismName } from './sasl/mechanism.js';
export {
  KafkaClientError,
  KafkaProtocolError,
  ConnectionError,
  RequestTimeoutError,
  SaslAuthenticationError,
  ClientClosedError,
  ProducerFencedError,
  TransactionStateError,
  RebalanceInProgressError,
  ConfigError,
} from './errors.js';
