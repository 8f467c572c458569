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
      name: this.name,
      storeType: m.storeType ?? 'rocksdb',
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
