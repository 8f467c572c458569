import type { StateStore } from '../../processor/state-store.js';
import type { StoreBuilder } from '../../../state/store-builder.js';
import type { MaterializedInternal } from './materialized-internal.js';
import type { DslStoreSuppliers } from './dsl-stores.js';

/**
 * Turns a resolved `Materialized` into the store builder of a timestamped key-value store (Kafka
 * Streams' `KeyValueStoreMaterializer`). Built lazily, when the graph writes itself, so that the
 * optimizer can still switch the changelog off (source topic reuse).
 */
export class KeyValueStoreMaterializer {
  private loggingDisabled = false;

  constructor(readonly materialized: MaterializedInternal<unknown, unknown>) {}

  get name(): string {
    const name = this.materialized.storeName;
    if (name === undefined) throw new Error('a materialized store needs a name');
    return name;
  }

  withLoggingDisabled(): void {
    this.loggingDisabled = true;
  }

  build(suppliers: DslStoreSuppliers): StoreBuilder<StateStore> {
    const m = this.materialized;
    const builder = suppliers({
      kind: 'keyValue',
      name: this.name,
      storeType: m.storeType,
      keySerde: m.keySerde,
      valueSerde: m.valueSerde,
    });
    if (m.cachingEnabled) builder.withCachingEnabled();
    else builder.withCachingDisabled();
    if (m.loggingEnabled && !this.loggingDisabled) builder.withLoggingEnabled(m.logConfig);
    else builder.withLoggingDisabled();
    return builder;
  }
}

/** Any store a DSL graph node builds when it writes itself (Kafka Streams' `StoreFactory`). */
export interface StoreFactory {
  readonly name: string;
  withLoggingDisabled(): void;
  build(suppliers: DslStoreSuppliers): StoreBuilder<StateStore>;
}

/** The window store of one side of a stream-stream join: keeps duplicates, never cached. */
export class JoinWindowStoreFactory implements StoreFactory {
  private loggingDisabled = false;

  constructor(
    readonly name: string,
    private readonly options: {
      retentionMs: number;
      windowSizeMs: number;
      keySerde: import('../../serdes/serde.js').Serde<unknown> | undefined;
      valueSerde: import('../../serdes/serde.js').Serde<unknown> | undefined;
      storeType?: import('../materialized.js').DslStoreType;
    },
  ) {}

  withLoggingDisabled(): void {
    this.loggingDisabled = true;
  }

  build(suppliers: DslStoreSuppliers): StoreBuilder<StateStore> {
    const o = this.options;
    const builder = suppliers({
      kind: 'window',
      name: this.name,
      storeType: o.storeType,
      keySerde: o.keySerde,
      valueSerde: o.valueSerde,
      retentionMs: o.retentionMs,
      windowSizeMs: o.windowSizeMs,
      retainDuplicates: true,
    });
    builder.withCachingDisabled();
    if (this.loggingDisabled) builder.withLoggingDisabled();
    else builder.withLoggingEnabled({});
    return builder;
  }
}

/** The timestamped window store of a windowed aggregation (Kafka Streams' `WindowStoreMaterializer`). */
export class WindowStoreMaterializer implements StoreFactory {
  private loggingDisabled = false;

  constructor(
    readonly materialized: MaterializedInternal<unknown, unknown>,
    private readonly window: { sizeMs: number; graceMs: number },
    /** session stores: retention default gap + grace, and a session store instead of a window store */
    private readonly session = false,
    private readonly noCache = false,
  ) {
    const retention = materialized.retentionMs;
    if (retention !== undefined && retention < window.sizeMs + window.graceMs) {
      throw new RangeError(`store ${this.name}: retention ${retention} ms is below window size + grace (${window.sizeMs + window.graceMs} ms)`);
    }
  }

  get name(): string {
    const name = this.materialized.storeName;
    if (name === undefined) throw new Error('a materialized store needs a name');
    return name;
  }

  withLoggingDisabled(): void {
    this.loggingDisabled = true;
  }

  build(suppliers: DslStoreSuppliers): StoreBuilder<StateStore> {
    const m = this.materialized;
    let retentionMs = m.retentionMs ?? this.window.sizeMs + this.window.graceMs;
    // final results read closed windows back: keep whole segments as Kafka's time-ordered store does
    if (this.noCache) retentionMs += Math.max(Math.floor(retentionMs / 2), 60_000);
    const common = { name: this.name, storeType: m.storeType, keySerde: m.keySerde, valueSerde: m.valueSerde, retentionMs };
    const builder = this.session ? suppliers({ kind: 'session', ...common }) : suppliers({ kind: 'timestampedWindow', ...common, windowSizeMs: this.window.sizeMs });
    if (m.cachingEnabled && !this.noCache) builder.withCachingEnabled();
    else builder.withCachingDisabled();
    if (m.loggingEnabled && !this.loggingDisabled) builder.withLoggingEnabled(m.logConfig);
    else builder.withLoggingDisabled();
    return builder;
  }
}
