import type { Serde } from '../../streams/serdes/serde.js';
import type { VersionedBytesStore } from './versioned-store-layers.js';
import { AbstractStoreBuilder } from './abstract-store-builder.js';
import { ChangeLoggingVersionedStore, MeteredVersionedKeyValueStore } from './versioned-store-layers.js';
import { StateStoreError } from '../errors.js';

/** Creates the raw bytes store of a versioned store (Kafka's `VersionedBytesStoreSupplier`). */
export interface VersionedBytesStoreSupplier {
  readonly name: string;
  readonly metricsScope: string;
  readonly persistent: boolean;
  readonly historyRetention: number;
  get(): VersionedBytesStore;
}

/** Builds metered ← changelogging ← raw versioned stores; versioned stores are never cached (as in Kafka). */
export class VersionedKeyValueStoreBuilder<K, V> extends AbstractStoreBuilder<MeteredVersionedKeyValueStore<K, V>> {
  constructor(
    private readonly supplier: VersionedBytesStoreSupplier,
    private readonly keySerde: Serde<K>,
    private readonly valueSerde: Serde<V>,
  ) {
    super(supplier.name);
  }

  override withCachingEnabled(): this {
    throw new StateStoreError('INVALID_ARGUMENT', `versioned store ${this.name}: versioned stores do not support caching`);
  }

  build(): MeteredVersionedKeyValueStore<K, V> {
    let store = this.supplier.get();
    if (this.loggingEnabled) store = new ChangeLoggingVersionedStore(store);
    return new MeteredVersionedKeyValueStore(store, this.keySerde, this.valueSerde, this.supplier.metricsScope);
  }
}
