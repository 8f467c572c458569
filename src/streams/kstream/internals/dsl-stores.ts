import type { Serde } from '../../serdes/serde.js';
import type { StateStore } from '../../processor/state-store.js';
import type { StoreBuilder } from '../../../state/store-builder.js';
import type { DslStoreType } from '../materialized.js';

/** What a DSL operator asks for: a timestamped key-value store of a type, with its serdes. */
export type DslStoreRequest =
  | {
      kind: 'keyValue';
      name: string;
      storeType: DslStoreType;
      keySerde: Serde<unknown> | undefined;
      valueSerde: Serde<unknown> | undefined;
    }
  | {
      /** a (non-timestamped) window store, as stream-stream joins use */
      kind: 'window';
      name: string;
      storeType: DslStoreType;
      keySerde: Serde<unknown> | undefined;
      valueSerde: Serde<unknown> | undefined;
      retentionMs: number;
      windowSizeMs: number;
      retainDuplicates: boolean;
    };

/** @deprecated name kept for readers of older code */
export type DslKeyValueStoreRequest = Extract<DslStoreRequest, { kind: 'keyValue' }>;

/**
 * Makes the stores of DSL operators (Kafka Streams' `DslStoreSuppliers`, config
 * `dsl.store.suppliers.class`). The default builds the state layer's stores; a test or an
 * application can plug in its own through `BuildOptions.dslStoreSuppliers`.
 */
export type DslStoreSuppliers = (request: DslStoreRequest) => StoreBuilder<StateStore>;

export const defaultDslStoreSuppliers: DslStoreSuppliers = () => {
  throw new Error('state stores are not bound yet (waiting for the state layer)');
};
