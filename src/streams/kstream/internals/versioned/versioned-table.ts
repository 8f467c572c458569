import type { StateStore } from '../../../processor/state-store.js';
import { MeteredVersionedKeyValueStore } from '../../../../state/internals/versioned-store-layers.js';
import type { VersionedKeyValueStore } from '../../../../state/versioned-key-value-store.js';

/**
 * Tables backed by a versioned store (Kafka Streams' versioned `KTable`s, KIP-889/914): the store
 * keeps every version for its history retention, so a stream-table join can read the table as of
 * the stream record's timestamp, and an out-of-order update (older than the latest version) is
 * stored in the history without replacing the latest value.
 */
export function isVersionedStore(store: StateStore | undefined): store is VersionedKeyValueStore<unknown, unknown> & StateStore {
  return store instanceof MeteredVersionedKeyValueStore;
}
