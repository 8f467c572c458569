import type { Record } from './record.js';
import type { FixedKeyRecord } from './processor.js';
import type { Cancellable, PunctuationType, Punctuator } from './punctuation.js';
import type { StateStore } from './state-store.js';
import type { TaskId } from './task-id.js';
import type { Serde } from '../serdes/serde.js';

/** Where the record being processed came from; `null` inside a wall-clock punctuation. */
export interface RecordMetadata {
  readonly topic: string;
  readonly partition: number;
  readonly offset: number;
}

/** What every processor context offers (Kafka Streams' `ProcessingContext`). */
export interface ProcessingContext {
  readonly applicationId: string;
  readonly taskId: TaskId;
  readonly appConfigs: Readonly<globalThis.Record<string, unknown>>;
  readonly stateDir: string;
  readonly keySerde: Serde<unknown> | undefined;
  readonly valueSerde: Serde<unknown> | undefined;
  /** metadata of the input record being processed, or null (e.g. in a wall-clock punctuator) */
  recordMetadata(): RecordMetadata | null;
  currentStreamTimeMs(): number;
  currentSystemTimeMs(): number;
  getStateStore<S extends StateStore>(name: string): S;
  /**
   * Fires `punctuator` every `intervalMs`: on stream time when the task's stream time passes the
   * next boundary, or on wall-clock time as the clock advances.
   */
  schedule(intervalMs: number, type: PunctuationType, punctuator: Punctuator): Cancellable;
  /** Asks the runtime to commit the task soon. */
  commit(): void;
}

/** The context a `Processor` gets in `init` (Kafka Streams' `api.ProcessorContext`). */
export interface ProcessorContext<KOut, VOut> extends ProcessingContext {
  /** Sends a record to all children, or only to the child named `childName`. */
  forward<K extends KOut, V extends VOut>(record: Record<K, V>, childName?: string): void;
}

/** The context of a `FixedKeyProcessor`: forwards records whose key is the input key. */
export interface FixedKeyProcessorContext<KForward, VForward> extends ProcessingContext {
  forward<V extends VForward>(record: FixedKeyRecord<KForward, V>, childName?: string): void;
}
