import type { Record } from './record.js';
import type { ProcessorContext, FixedKeyProcessorContext } from './processor-context.js';

/**
 * A node of a topology that receives records one at a time (Kafka Streams' `api.Processor`).
 * `process` is synchronous: a record flows through the topology as plain calls.
 */
export interface Processor<KIn, VIn, KOut = never, VOut = never> {
  init?(context: ProcessorContext<KOut, VOut>): void;
  process(record: Record<KIn, VIn>): void;
  close?(): void;
}

/** A processor that may change the value but never the key (so no repartition follows it). */
export interface FixedKeyProcessor<KIn, VIn, VOut = never> {
  init?(context: FixedKeyProcessorContext<KIn, VOut>): void;
  process(record: FixedKeyRecord<KIn, VIn>): void;
  close?(): void;
}

/**
 * A record whose key cannot be replaced (`FixedKeyRecord`): it has no `withKey`.
 * At run time it is a `Record`; the type hides `withKey`.
 */
export type FixedKeyRecord<K, V> = Omit<Record<K, V>, 'withKey' | 'withValue' | 'withTimestamp' | 'withHeaders'> & {
  withValue<NV>(value: NV): FixedKeyRecord<K, NV>;
  withTimestamp(timestamp: number): FixedKeyRecord<K, V>;
  withHeaders(headers: Record<K, V>['headers']): FixedKeyRecord<K, V>;
};

/** Creates a fresh processor for each task (Kafka Streams' `ProcessorSupplier`). */
export type ProcessorSupplier<KIn, VIn, KOut = never, VOut = never> = () => Processor<KIn, VIn, KOut, VOut>;
export type FixedKeyProcessorSupplier<KIn, VIn, VOut = never> = () => FixedKeyProcessor<KIn, VIn, VOut>;
