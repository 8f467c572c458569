import type { Serde } from '../../serdes/serde.js';
import type { StateStore } from '../../processor/state-store.js';
import type { StoreBuilder } from '../../../state/store-builder.js';
import type { DslStoreType } from '../materialized.js';
import { Stores } from '../../../state/stores.js';
import { interimWindowedStoreBuilder } from './windowing/interim-store-supplier.js';

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
    }
  | {
      /** a timestamped window store of a windowed aggregation; time-ordered for emit-on-window-close */
      kind: 'timestampedWindow';
      name: string;
      storeType: DslStoreType;
      keySerde: Serde<unknown> | undefined;
      valueSerde: Serde<unknown> | undefined;
      retentionMs: number;
      windowSizeMs: number;
      timeOrdered: boolean;
    }
  | {
      /** the session store of a session-windowed aggregation; time-ordered for emit-on-window-close */
      kind: 'session';
      name: string;
      storeType: DslStoreType;
      keySerde: Serde<unknown> | undefined;
      valueSerde: Serde<unknown> | undefined;
      retentionMs: number;
      timeOrdered: boolean;
    };

/** @deprecated name kept for readers of older code */
export type DslKeyValueStoreRequest = Extract<DslStoreRequest, { kind: 'keyValue' }>;

/**
 * Makes the stores of DSL operators (Kafka Streams' `DslStoreSuppliers`, config
 * `dsl.store.suppliers.class`). The default builds the state layer's stores; a test or an
 * application can plug in its own through `BuildOptions.dslStoreSuppliers`.
 */
export type DslStoreSuppliers = (request: DslStoreRequest) => StoreBuilder<StateStore>;

/**
 * The built-in suppliers: LMDB-backed persistent stores (`rocksdb` type, Kafka's default) or in-memory
 * ones. Serdes left undefined by the DSL take the application defaults given here.
 */
export function builtInDslStoreSuppliers(defaults: { keySerde?: Serde<unknown>; valueSerde?: Serde<unknown> } = {}): DslStoreSuppliers {
  return (request) => {
    if (request.kind === 'timestampedWindow' || request.kind === 'session') return interimWindowedStoreBuilder(request);
    const keySerde = request.keySerde ?? defaults.keySerde;
    const valueSerde = request.valueSerde ?? defaults.valueSerde;
    if (!keySerde || !valueSerde) {
      throw new TypeError(`store ${request.name}: no key/value serde given and no default serde configured`);
    }
    if (request.kind === 'keyValue') {
      const supplier =
        request.storeType === 'in_memory' ? Stores.inMemoryTimestampedKeyValueStore(request.name) : Stores.persistentTimestampedKeyValueStore(request.name);
      return Stores.timestampedKeyValueStoreBuilder(supplier, keySerde, valueSerde) as unknown as StoreBuilder<StateStore>;
    }
    throw new TypeError(`store ${request.name}: window stores are not available from the state layer yet`);
  };
}

export const defaultDslStoreSuppliers: DslStoreSuppliers = builtInDslStoreSuppliers();
