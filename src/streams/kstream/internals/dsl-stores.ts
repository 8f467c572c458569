import type { Serde } from '../../serdes/serde.js';
import type { StateStore } from '../../processor/state-store.js';
import type { StoreBuilder } from '../../../state/store-builder.js';
import type { DslStoreType } from '../materialized.js';

/** The store builder of a DSL table: a timestamped key-value store of the given type. */
export function dslStoreBuilder(_options: {
  name: string;
  storeType: DslStoreType;
  keySerde: Serde<unknown> | undefined;
  valueSerde: Serde<unknown> | undefined;
}): StoreBuilder<StateStore> {
  throw new Error('state stores are not bound yet (waiting for the state layer)');
}
