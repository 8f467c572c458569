// Public API of the streams core: Processor API, Topology, serdes, errors (re-exports only).
export * from './processor/index.js';
export * from './serdes/index.js';
export * from './errors/index.js';
export { Topology, type SourceOptions, type SinkOptions, type StateUpdateOptions } from './topology.js';
export type {
  TopologyDescription,
  SubtopologyDescription,
  GlobalStoreDescription,
  NodeDescription,
  SourceDescription,
  ProcessorDescription,
  SinkDescription,
} from './topology-description.js';
export type { OffsetReset } from './internals/internal-topology-builder.js';
export type { StreamsConfig } from './config.js';
export { Window, TimeWindow, SessionWindow, Windowed } from './kstream/windowed.js';
// the DSL: StreamsBuilder, KStream, KTable, GlobalKTable, grouped streams and tables, options
export * from './kstream/index.js';
export * from './metrics/index.js';
export * from './query/index.js';
