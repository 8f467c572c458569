import type { Serde } from '../../serdes/serde.js';
import type { Materialized, DslStoreType } from '../materialized.js';
import type { NameProvider } from './name-provider.js';

/**
 * `Materialized` resolved against the builder: a store name is always known (generated when the
 * user gave none, which also makes the store non-queryable).
 */
export class MaterializedInternal<K, V> {
  readonly storeName: string | undefined;
  /** true when the user named the store (only then is it queryable / a table is materialized) */
  readonly queryable: boolean;
  keySerde: Serde<K> | undefined;
  valueSerde: Serde<V> | undefined;
  readonly cachingEnabled: boolean;
  loggingEnabled: boolean;
  readonly logConfig: Readonly<Record<string, string>>;
  readonly storeType: DslStoreType | undefined;
  readonly retentionMs: number | undefined;

  constructor(materialized: Materialized<K, V> | undefined, nameProvider?: NameProvider, generatedPrefix?: string) {
    const m = materialized ?? {};
    this.queryable = m.storeName !== undefined;
    this.storeName = m.storeName ?? (nameProvider && generatedPrefix !== undefined ? nameProvider.newStoreName(generatedPrefix) : undefined);
    this.keySerde = m.keySerde;
    this.valueSerde = m.valueSerde;
    this.cachingEnabled = m.cachingEnabled ?? true;
    this.loggingEnabled = m.loggingEnabled ?? true;
    this.logConfig = m.logConfig ?? {};
    this.storeType = m.storeType;
    this.retentionMs = m.retentionMs;
  }

  /** the store name when the user gave one, else undefined */
  get queryableStoreName(): string | undefined {
    return this.queryable ? this.storeName : undefined;
  }
}
