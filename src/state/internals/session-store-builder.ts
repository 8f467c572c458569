import type { Serde } from '../../streams/serdes/serde.js';
import type { SessionBytesStoreSupplier } from './session-bytes-store.js';
import { AbstractStoreBuilder } from './abstract-store-builder.js';
import { ChangeLoggingSessionStore } from './changelogging-session-store.js';
import { MeteredSessionStore } from './metered-session-store.js';
import { CachingSessionStore } from './caching-session-store.js';

/** Builds metered ← caching ← changelogging ← segmented session stores (Kafka's `SessionStoreBuilder`). */
export class SessionStoreBuilder<K, AGG> extends AbstractStoreBuilder<MeteredSessionStore<K, AGG>> {
  constructor(
    private readonly supplier: SessionBytesStoreSupplier,
    private readonly keySerde: Serde<K>,
    private readonly valueSerde: Serde<AGG>,
  ) {
    super(supplier.name);
  }

  build(): MeteredSessionStore<K, AGG> {
    let store = this.supplier.get();
    if (this.loggingEnabled) store = new ChangeLoggingSessionStore(store);
    if (this.cachingEnabled) store = new CachingSessionStore(store, this.supplier.segmentInterval, this.supplier.retentionPeriod);
    return new MeteredSessionStore(store, this.keySerde, this.valueSerde, this.supplier.metricsScope);
  }
}
