import type { StateStore } from '../processor/state-store.js';

/** The local stores behind a view; resolved again at every call, so a view follows task moves. */
export interface StoreShards {
  /** the stores to read (throws QueryableStoreError when the store is not queryable here now) */
  all(): StateStore[];
  /**
   * The store holding `key`: a store, null when the key's partition is not hosted here (the key is
   * not here), undefined when keys cannot be routed (no key serializer or partition count): read all.
   */
  forKey(key: unknown): StateStore | null | undefined;
}

/** the same, typed as the views a store type reads */
export interface Shards<S> {
  all(): S[];
  forKey(key: unknown): S | null | undefined;
}

export function mapShards<S>(shards: StoreShards, adapt: (s: StateStore) => S): Shards<S> {
  // one view per store, made on first use (views are stateless facades)
  const views = new WeakMap<StateStore, S>();
  const view = (s: StateStore): S => {
    let v = views.get(s);
    if (v === undefined) views.set(s, (v = adapt(s)));
    return v;
  };
  return {
    all: () => shards.all().map(view),
    forKey: (key) => {
      const s = shards.forKey(key);
      return s === null || s === undefined ? s : view(s);
    },
  };
}
