// Interactive queries of one instance: typed read-only views of local stores, IQv2 queries with
// per-partition results, and where every store and key lives in the application.
import { QueryableStoreError } from './errors.js';
import { checkGlobalStore, globalStoreShards, LocalStores } from './local-stores.js';
import type { StateStore } from '../processor/state-store.js';
import type { QueryRuntime } from './query-runtime.js';
import { runQuery } from './run-query.js';
import { QueryResult, StateQueryResult, type StateQueryRequest } from './state-query.js';
import type { StoreQueryParameters } from './store-query-parameters.js';
import type { QueryableStoreType } from './queryable-store-types.js';
import { StreamsMetadataState, type KeyMetadataOptions, type KeyQueryMetadata, type StreamsMetadata } from './streams-metadata.js';
import type { Serializer } from '../serdes/serde.js';

export interface LocalThreadMetadata {
  readonly threadName: string;
  readonly activeTasks: readonly string[];
  readonly standbyTasks: readonly string[];
}

export class InteractiveQueries {
  readonly local: LocalStores;
  readonly metadata: StreamsMetadataState;

  constructor(readonly runtime: QueryRuntime) {
    this.local = new LocalStores(runtime);
    this.metadata = new StreamsMetadataState(runtime);
  }

  /**
   * A read-only view of a store over all local tasks holding it (or one partition with
   * `withPartition`). Throws QueryableStoreError when the store cannot be read here now; the view
   * resolves the tasks again at each call, so it throws STATE_STORE_MIGRATED once they moved away.
   */
  store<T>(params: StoreQueryParameters<T>): T {
    const global = this.runtime.globalStore?.(params.storeName);
    const shards =
      global === undefined
        ? this.local.viewShards(params)
        : globalStoreShards(this.runtime, params.storeName, global, params.queryableStoreType as QueryableStoreType<unknown>);
    shards.all(); // fail now, not at the first read
    return params.queryableStoreType.create(shards);
  }

  /**
   * The global store of that name (a GlobalKTable's), if this topology has one and it is built;
   * throws QueryableStoreError when it exists but cannot be read now.
   */
  globalStore(name: string): StateStore | undefined {
    const store = this.runtime.globalStore?.(name);
    if (store !== undefined) checkGlobalStore(this.runtime, name, store);
    return store;
  }

  /** IQv2: runs the query on each requested local partition; failures are per partition */
  query<R>(request: StateQueryRequest<R>): StateQueryResult<R> {
    const topics = this.local.topicsOf(request.storeName);
    const result = new StateQueryResult<R>();
    const tasks = this.runtime.localTasks().filter((t) => t.subtopology === topics.subtopology && t.store(request.storeName) !== undefined);
    const partitions = request.partitions ?? new Set(tasks.map((t) => t.partition));
    for (const p of [...partitions].sort((a, b) => a - b)) {
      if (topics.numPartitions !== undefined && (p < 0 || p >= topics.numPartitions)) {
        result.addResult(p, QueryResult.forFailure('DOES_NOT_EXIST', `store ${request.storeName} has no partition ${p}`));
        continue;
      }
      const task = tasks.find((t) => t.partition === p);
      if (task === undefined) {
        result.addResult(p, QueryResult.forFailure('NOT_PRESENT', `partition ${p} of ${request.storeName} is not hosted here`));
        continue;
      }
      const live = task.active && task.running;
      if (request.activeRequired && !live) {
        result.addResult(p, QueryResult.forFailure('NOT_ACTIVE', `partition ${p} of ${request.storeName} is here as ${task.active ? 'a restoring active task' : 'a standby'}, not a running active task`));
        continue;
      }
      if (!live && task.caughtUp === false) {
        result.addResult(p, QueryResult.forFailure('NOT_ACTIVE', `partition ${p} of ${request.storeName} is here as ${task.active ? 'an active task' : 'a standby'} still restoring its state`));
        continue;
      }
      result.addResult(p, runQuery(request.query, task.store(request.storeName)!, !live));
    }
    return result;
  }

  queryMetadataForKey<K>(storeName: string, key: K, keySerializer: Serializer<K> | KeyMetadataOptions<K>): KeyQueryMetadata {
    const options: KeyMetadataOptions<K> = 'serialize' in keySerializer ? { keySerializer: keySerializer } : keySerializer;
    return this.metadata.queryMetadataForKey(storeName, key, options);
  }

  streamsMetadataForStore(storeName: string): StreamsMetadata[] {
    return this.metadata.streamsMetadataForStore(storeName);
  }

  allMetadata(): StreamsMetadata[] {
    return this.metadata.allMetadata();
  }

  metadataForLocalThreads(): LocalThreadMetadata[] {
    return this.runtime.localThreads().map((t) => ({ threadName: t.threadName, activeTasks: [...t.activeTasks], standbyTasks: [...t.standbyTasks] }));
  }
}

export { QueryableStoreError };
