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
