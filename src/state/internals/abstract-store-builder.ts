import type { StateStore } from '../../streams/processor/state-store.js';
import type { StoreBuilder } from '../store-builder.js';

/** Logging on by default, caching off by default, as in Kafka Streams. */
export abstract class AbstractStoreBuilder<S extends StateStore> implements StoreBuilder<S> {
  private caching = false;
  private logging = true;
  private topicConfig: Readonly<Record<string, string>> = {};

  constructor(readonly name: string) {}

  withCachingEnabled(): this {
    this.caching = true;
    return this;
  }

  withCachingDisabled(): this {
    this.caching = false;
    return this;
  }

  withLoggingEnabled(topicConfig: Readonly<Record<string, string>> = {}): this {
    this.logging = true;
    this.topicConfig = { ...topicConfig };
    return this;
  }

  withLoggingDisabled(): this {
    this.logging = false;
    this.topicConfig = {};
    return this;
  }

  get loggingEnabled(): boolean {
    return this.logging;
  }

  get cachingEnabled(): boolean {
    return this.caching;
  }

  get logConfig(): Readonly<Record<string, string>> {
    return this.topicConfig;
  }

  abstract build(): S;
}
