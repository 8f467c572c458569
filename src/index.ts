// Public entry point of `kstreams`: the Streams library (re-exports only).
export * from './streams/index.js';
export { KafkaStreams } from './streams/kafka-streams.js';
export type {
  KafkaStreamsState,
  StreamThreadExceptionResponse,
  StateListener,
  StreamsUncaughtExceptionHandler,
  ThreadMetadata,
  StateRestoreListener,
} from './streams/kafka-streams.js';
// state stores: the Stores factories, store interfaces and builders (`KeyValue` here is the DSL's)
export { Stores } from './state/index.js';
export type {
  KeyValueIterator,
  StoreBuilder,
  KeyValueStore,
  ReadOnlyKeyValueStore,
  TimestampedKeyValueStore,
  ValueAndTimestamp,
  WindowStore,
  ReadOnlyWindowStore,
  TimestampedWindowStore,
  SessionStore,
  ReadOnlySessionStore,
} from './state/index.js';
