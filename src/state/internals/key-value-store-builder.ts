import type { Serde } from '../../streams/serdes/serde.js';
import type { KeyValueStore, TimestampedKeyValueStore, ValueAndTimestamp } from '../key-value-store.js';
import type { KeyValueBytesStore, KeyValueBytesStoreSupplier } from './key-value-bytes-store.js';
import { AbstractStoreBuilder } from './abstract-store-builder.js';
import { changeLogging } from './changelogging-key-value-store.js';
import { CachingKeyValueStore } from './caching-key-value-store.js';
import { MeteredKeyValueStore } from './metered-key-value-store.js';
import { ValueAndTimestampSerde } from '../value-and-timestamp-serde.js';

function layers(supplier: KeyValueBytesStoreSupplier, logging: boolean, caching: boolean, timestamped: boolean): KeyValueBytesStore {
  let store = supplier.get();
  if (logging) store = changeLogging(store, timestamped);
  if (caching) store = new CachingKeyValueStore(store);
  return store;
}

/** Builds metered ← caching ← changelogging ← raw key-value stores (Kafka's `KeyValueStoreBuilder`). */
export class KeyValueStoreBuilder<K, V> extends AbstractStoreBuilder<MeteredKeyValueStore<K, V>> {
  constructor(
    private readonly supplier: KeyValueBytesStoreSupplier,
    private readonly keySerde: Serde<K>,
    private readonly valueSerde: Serde<V>,
  ) {
    super(supplier.name);
  }

  build(): MeteredKeyValueStore<K, V> & KeyValueStore<K, V> {
    return new MeteredKeyValueStore(layers(this.supplier, this.loggingEnabled, this.cachingEnabled, false), this.keySerde, this.valueSerde, this.supplier.metricsScope);
  }
}

/**
 * Builds timestamped key-value stores: values are `ValueAndTimestamp`, stored as Kafka stores them
 * (8-byte timestamp + value) and logged as Kafka logs them (value, timestamp as record timestamp).
 */
export class TimestampedKeyValueStoreBuilder<K, V> extends AbstractStoreBuilder<MeteredKeyValueStore<K, ValueAndTimestamp<V>>> {
  constructor(
    private readonly supplier: KeyValueBytesStoreSupplier,
    private readonly keySerde: Serde<K>,
    private readonly valueSerde: Serde<V>,
  ) {
    super(supplier.name);
  }

  build(): MeteredKeyValueStore<K, ValueAndTimestamp<V>> & TimestampedKeyValueStore<K, V> {
    return new MeteredKeyValueStore(
      layers(this.supplier, this.loggingEnabled, this.cachingEnabled, true),
      this.keySerde,
      new ValueAndTimestampSerde(this.valueSerde),
      this.supplier.metricsScope,
    );
  }
}
