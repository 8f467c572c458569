import type { StateStore, StoreRegistration } from '../processor/state-store.js';
import { StreamsError } from '../errors/streams-error.js';

/** A store that can flush its record cache separately from its inner layers (the caching layer). */
interface CacheFlushable {
  flushCache(): void;
}

function hasFlushCache(store: StateStore): store is StateStore & CacheFlushable {
  return typeof (store as Partial<CacheFlushable>).flushCache === 'function';
}

/**
 * The stores of one task (Kafka Streams' `ProcessorStateManager`): registration in init order,
 * changelog topics, flush and close in that order. Global stores are shared and looked up here too.
 */
export class StateManager {
  private readonly stores = new Map<string, StateStore>();
  private readonly registrations = new Map<string, StoreRegistration>();

  constructor(
    private readonly options: {
      applicationId: string;
      /** store name -> changelog topic (logged stores and source-topic changelogs) */
      storeToChangelogTopic: ReadonlyMap<string, string>;
      globalStores?: ReadonlyMap<string, StateStore>;
    },
  ) {}

  changelogFor(storeName: string): string {
    return this.options.storeToChangelogTopic.get(storeName) ?? `${this.options.applicationId}-${storeName}-changelog`;
  }

  /** the changelog a store restores from, or undefined when it has none */
  registeredChangelog(storeName: string): string | undefined {
    return this.options.storeToChangelogTopic.get(storeName);
  }

  register(registration: StoreRegistration): void {
    const name = registration.store.name;
    if (this.registrations.has(name)) {
      throw new StreamsError(`Store ${name} has already been registered.`, { code: 'STORE_ALREADY_REGISTERED' });
    }
    this.registrations.set(name, registration);
    this.stores.set(name, registration.store);
  }

  /** records a store even if its init did not register (stores without changelog may skip it) */
  track(store: StateStore): void {
    if (!this.stores.has(store.name)) this.stores.set(store.name, store);
  }

  registration(name: string): StoreRegistration | undefined {
    return this.registrations.get(name);
  }

  store(name: string): StateStore | undefined {
    return this.stores.get(name);
  }

  globalStore(name: string): StateStore | undefined {
    return this.options.globalStores?.get(name);
  }

  allStores(): StateStore[] {
    return [...this.stores.values()];
  }

  /** first pass of a commit: caches forward their dirty entries (stores without a cache flush fully) */
  flushCache(): void {
    for (const store of this.stores.values()) {
      if (hasFlushCache(store)) store.flushCache();
      else store.flush();
    }
  }

  /** second pass of a commit (Kafka's checkpoint flush): every layer flushes */
  flush(): void {
    for (const store of this.stores.values()) store.flush();
  }

  close(): void {
    let first: unknown;
    for (const store of this.stores.values()) {
      try {
        if (store.isOpen()) store.close();
      } catch (e) {
        first ??= e;
      }
    }
    if (first !== undefined) throw new StreamsError('failed to close state stores', { code: 'STORE_CLOSE', cause: first });
  }
}
