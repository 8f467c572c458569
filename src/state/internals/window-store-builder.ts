import type { Serde } from '../../streams/serdes/serde.js';
import type { ValueAndTimestamp } from '../key-value-store.js';
import type { WindowBytesStore, WindowBytesStoreSupplier } from './window-bytes-store.js';
import { AbstractStoreBuilder } from './abstract-store-builder.js';
import { ChangeLoggingWindowStore } from './changelogging-window-store.js';
import { CachingWindowStore } from './caching-window-store.js';
import { MeteredWindowStore } from './metered-window-store.js';
import { ValueAndTimestampSerde } from '../value-and-timestamp-serde.js';

function layers(supplier: WindowBytesStoreSupplier, logging: boolean, caching: boolean, timestamped: boolean): WindowBytesStore {
  let store = supplier.get();
  if (logging) store = new ChangeLoggingWindowStore(store, timestamped);
  // as in Kafka Streams, a store that retains duplicates is never cached
  if (caching && !supplier.retainDuplicates) store = new CachingWindowStore(store, supplier.segmentInterval, supplier.retentionPeriod);
  return store;
}

/** Builds metered ← caching ← changelogging ← segmented window stores (Kafka's `WindowStoreBuilder`). */
export class WindowStoreBuilder<K, V> extends AbstractStoreBuilder<MeteredWindowStore<K, V>> {
  constructor(
    private readonly supplier: WindowBytesStoreSupplier,
    private readonly keySerde: Serde<K>,
    private readonly valueSerde: Serde<V>,
  ) {
    super(supplier.name);
  }

  build(): MeteredWindowStore<K, V> {
    return new MeteredWindowStore(
      layers(this.supplier, this.loggingEnabled, this.cachingEnabled, false),
      this.supplier.windowSize,
      this.keySerde,
      this.valueSerde,
      this.supplier.metricsScope,
    );
  }
}

/** Builds timestamped window stores (values are `ValueAndTimestamp`). */
export class TimestampedWindowStoreBuilder<K, V> extends AbstractStoreBuilder<MeteredWindowStore<K, ValueAndTimestamp<V>>> {
  constructor(
    private readonly supplier: WindowBytesStoreSupplier,
    private readonly keySerde: Serde<K>,
    private readonly valueSerde: Serde<V>,
  ) {
    super(supplier.name);
  }

  build(): MeteredWindowStore<K, ValueAndTimestamp<V>> {
    return new MeteredWindowStore(
      layers(this.supplier, this.loggingEnabled, this.cachingEnabled, true),
      this.supplier.windowSize,
      this.keySerde,
      new ValueAndTimestampSerde(this.valueSerde),
      this.supplier.metricsScope,
    );
  }
}
