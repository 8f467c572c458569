// Public surface of the DSL (re-exports only).
export { StreamsBuilder, type BuildOptions } from './streams-builder.js';
export { KStream, type NamedOptions, type ToTableOptions, type ProcessOptions, type GlobalJoinOptions } from './kstream.js';
export { KTable, type TableOptions } from './ktable.js';
export { GlobalKTable } from './global-ktable.js';
export { KGroupedStream, type AggregateOptions } from './kgrouped-stream.js';
export { KGroupedTable } from './kgrouped-table.js';
export { BranchedKStream } from './branched-kstream.js';
export { Named } from './named.js';
export { Consumed } from './consumed.js';
export { Produced } from './produced.js';
export { Grouped } from './grouped.js';
export { Joined } from './joined.js';
export { Repartitioned } from './repartitioned.js';
export { Materialized, type DslStoreType } from './materialized.js';
export { JoinWindows } from './join-windows.js';
export { TimeWindows } from './time-windows.js';
export { Suppressed } from './suppressed.js';
export { CogroupedKStream, TimeWindowedCogroupedKStream, SessionWindowedCogroupedKStream } from './cogrouped-kstream.js';
export { SessionWindows } from './session-windows.js';
export { SlidingWindows } from './sliding-windows.js';
export { SlidingWindowedKStream } from './sliding-windowed-kstream.js';
export { TimeWindowedKStream } from './time-windowed-kstream.js';
export { SessionWindowedKStream, type Merger } from './session-windowed-kstream.js';
export type { StreamJoined } from './stream-joined.js';
export { builtInDslStoreSuppliers, type DslStoreSuppliers, type DslStoreRequest } from './internals/dsl-stores.js';
export { Branched } from './branched.js';
export { Printed } from './printed.js';
export { Change } from './internals/change.js';
export { keyValue } from './functions.js';
export type {
  KeyValue,
  Predicate,
  ValueMapper,
  KeyValueMapper,
  ForeachAction,
  Reducer,
  Initializer,
  Aggregator,
  ValueJoiner,
} from './functions.js';
