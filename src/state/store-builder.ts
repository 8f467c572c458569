import type { StateStore } from '../streams/processor/state-store.js';

/**
 * Builds a fresh, layered store instance for each task (Kafka Streams' `StoreBuilder`):
 * metered (typed) ← caching (optional) ← changelogging (optional) ← raw bytes store.
 */
export interface StoreBuilder<S extends StateStore> {
  readonly name: string;
  withCachingEnabled(): this;
  withCachingDisabled(): this;
  /** changelog topic configs, e.g. { 'min.insync.replicas': '1' } */
  withLoggingEnabled(topicConfig?: Readonly<Record<string, string>>): this;
  withLoggingDisabled(): this;
  readonly loggingEnabled: boolean;
  readonly cachingEnabled: boolean;
  readonly logConfig: Readonly<Record<string, string>>;
  build(): S;
}
