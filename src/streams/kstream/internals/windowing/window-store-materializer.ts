import type { StateStore } from '../../../processor/state-store.js';
import type { StoreBuilder } from '../../../../state/store-builder.js';
import type { DslStoreSuppliers } from '../dsl-stores.js';
import type { MaterializedInternal } from '../materialized-internal.js';
import type { StoreFactory } from '../store-materializer.js';

/**
 * The store of a time- or sliding-window aggregation (Kafka Streams' `WindowStoreMaterializer` and
 * `SlidingWindowStoreMaterializer`): a timestamped window store keeping windows for `retentionMs`
 * (default: what the windows need), time-ordered when results are emitted on window close.
 */
export class WindowStoreMaterializer implements StoreFactory {
  private loggingDisabled = false;

  constructor(
    private readonly materialized: MaterializedInternal<unknown, unknown>,
    private readonly options: { windowSizeMs: number; minRetentionMs: number; timeOrdered: boolean },
  ) {
    const retention = materialized.retentionMs;
    if (retention !== undefined && retention < options.minRetentionMs) {
      throw new RangeError(`the retention period of the window store ${this.name} (${retention} ms) must be no smaller than its window size plus the grace period (${options.minRetentionMs} ms)`);
    }
  }

  get name(): string {
    return this.materialized.storeName!;
  }

  get retentionMs(): number {
    return this.materialized.retentionMs ?? this.options.minRetentionMs;
  }

  withLoggingDisabled(): void {
    this.loggingDisabled = true;
  }

  build(suppliers: DslStoreSuppliers): StoreBuilder<StateStore> {
    const m = this.materialized;
    const builder = suppliers({
      kind: 'timestampedWindow',
      name: this.name,
      storeType: m.storeType,
      keySerde: m.keySerde,
      valueSerde: m.valueSerde,
      retentionMs: this.retentionMs,
      windowSizeMs: this.options.windowSizeMs,
      timeOrdered: this.options.timeOrdered,
    });
    if (m.cachingEnabled) builder.withCachingEnabled();
    else builder.withCachingDisabled();
    if (m.loggingEnabled && !this.loggingDisabled) builder.withLoggingEnabled(m.logConfig);
    else builder.withLoggingDisabled();
    return builder;
  }
}

/** The store of a session-window aggregation (Kafka Streams' `SessionStoreMaterializer`). */
export class SessionStoreMaterializer implements StoreFactory {
  private loggingDisabled = false;

  constructor(
    private readonly materialized: MaterializedInternal<unknown, unknown>,
    private readonly options: { minRetentionMs: number; timeOrdered: boolean },
  ) {
    const retention = materialized.retentionMs;
    if (retention !== undefined && retention < options.minRetentionMs) {
      throw new RangeError(`the retention period of the session store ${this.name} (${retention} ms) must be no smaller than the inactivity gap plus the grace period (${options.minRetentionMs} ms)`);
    }
  }

  get name(): string {
    return this.materialized.storeName!;
  }

  withLoggingDisabled(): void {
    this.loggingDisabled = true;
  }

  build(suppliers: DslStoreSuppliers): StoreBuilder<StateStore> {
    const m = this.materialized;
    const builder = suppliers({
      kind: 'session',
      name: this.name,
      storeType: m.storeType,
      keySerde: m.keySerde,
      valueSerde: m.valueSerde,
      retentionMs: m.retentionMs ?? this.options.minRetentionMs,
      timeOrdered: this.options.timeOrdered,
    });
    if (m.cachingEnabled) builder.withCachingEnabled();
    else builder.withCachingDisabled();
    if (m.loggingEnabled && !this.loggingDisabled) builder.withLoggingEnabled(m.logConfig);
    else builder.withLoggingDisabled();
    return builder;
  }
}
