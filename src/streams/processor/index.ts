export { Headers, type Header } from './headers.js';
export { Record } from './record.js';
export { TaskId } from './task-id.js';
export { PunctuationType, type Punctuator, type Cancellable } from './punctuation.js';
export type {
  Processor,
  FixedKeyProcessor,
  FixedKeyRecord,
  ProcessorSupplier,
  FixedKeyProcessorSupplier,
} from './processor.js';
export type {
  ProcessingContext,
  ProcessorContext,
  FixedKeyProcessorContext,
  RecordMetadata,
} from './processor-context.js';
export type {
  StateStore,
  StateStoreContext,
  RecordCollector,
  StateRestoreCallback,
  StoreRegistration,
} from './state-store.js';
export type { RecordContext } from './record-context.js';
export {
  type ConsumedRecord,
  type TimestampExtractor,
  FailOnInvalidTimestamp,
  LogAndSkipOnInvalidTimestamp,
  UsePartitionTimeOnInvalidTimestamp,
  WallclockTimestampExtractor,
} from './timestamp-extractor.js';
export type { TopicNameExtractor } from './topic-name-extractor.js';
export type { StreamPartitioner } from './stream-partitioner.js';
