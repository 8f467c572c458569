import type { StoreBuilder } from '../../../../state/store-builder.js';
import type { StateStore } from '../../../processor/state-store.js';
import type { DslStoreRequest } from '../dsl-stores.js';
import { InterimSessionStore, InterimWindowStore, interimStoreBuilder } from './interim-stores.js';

/** INTERIM: the stores of windowed aggregations, until the state layer's window/session stores are bound. */
export function interimWindowedStoreBuilder(request: Extract<DslStoreRequest, { kind: 'timestampedWindow' | 'session' }>): StoreBuilder<StateStore> {
  if (request.kind === 'session') {
    const { name, keySerde, retentionMs, timeOrdered } = request;
    return interimStoreBuilder(name, (caching) => new InterimSessionStore(name, keySerde, { retentionMs, caching, timeOrdered }));
  }
  const { name, keySerde, retentionMs, windowSizeMs, timeOrdered } = request;
  return interimStoreBuilder(name, (caching) => new InterimWindowStore(name, keySerde, { retentionMs, windowSizeMs, timeOrdered, caching }));
}
