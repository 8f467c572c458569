import type { Serde } from '../../serdes/serde.js';
import type { StateStore } from '../../processor/state-store.js';
import type { StoreBuilder } from '../../../state/store-builder.js';
import type { DslStoreType } from '../materialized.js';

/** What a DSL operator asks for: a timestamped key-value store of a type, with its serdes. */
export interface DslKeyValueStoreRequest {
  name: string;
  storeType: DslStoreType;
  keySerde: Serde<unknown> | undefined;
  valueSerde: Serde<unknown> | undefined;
}

/**
 * Makes the stores of DSL operators (Kafka Streams' `DslStoreSuppliers`, config
 * `dsl.store.suppliers.class`). The default builds the state layer's stores; a test or an
 * application can plug in its own through `BuildOptions.dslStoreSuppliers`.
 */
export type DslStoreSuppliers = (request: DslKeyValueStoreRequest) => StoreBuilder<StateStore>;

export const defaultDslStoreSuppliers: DslStoreSuppliers = () => {
  throw new Error('state stores are not bound yet (waiting for the state layer)');
};
