// Finds the local tasks that hold a store and checks they may be read (Kafka Streams'
// QueryableStoreProvider + StreamThreadStateStoreProvider).
import type { StateStore } from '../processor/state-store.js';
import { QueryableStoreError } from './errors.js';
import { keyPartition, storeKeySerializer, storeTopics, type StoreTopics } from './key-partition.js';
import type { QueryableStoreType } from './queryable-store-types.js';
import type { LocalTask, QueryRuntime } from './query-runtime.js';
import type { StoreQueryParameters } from './store-query-parameters.js';
import type { StoreShards } from './store-shards.js';

export interface LocalStoreShard {
  task: LocalTask;
  store: StateStore;
}

export interface ShardSelection {
  storeName: string;
  partition?: number | undefined;
  /** include standbys and restoring active tasks */
  stale: boolean;
}

export class LocalStores {
  constructor(private readonly runtime: QueryRuntime) {}

  /** throws unless the instance can answer queries at all, and the store exists in the topology */
  topicsOf(storeName: string): StoreTopics {
    const state = this.runtime.state();
    if (state === 'CREATED') throw new QueryableStoreError('STREAMS_NOT_STARTED', `KafkaStreams is not started (state ${state}); cannot query store ${storeName}`);
    if (state !== 'RUNNING' && state !== 'REBALANCING') throw new QueryableStoreError('STREAMS_STOPPED', `KafkaStreams is ${state}; cannot query store ${storeName}`);
    const topics = storeTopics(this.runtime.layout, storeName);
    if (topics === undefined) throw new QueryableStoreError('UNKNOWN_STATE_STORE', `no state store named ${storeName} in the topology`);
    return topics;
  }

  /** the local shards of a store allowed by the selection; throws when none may be read */
  shards(sel: ShardSelection): LocalStoreShard[] {
    const topics = this.topicsOf(sel.storeName);
    if (sel.partition !== undefined && topics.numPartitions !== undefined && (sel.partition < 0 || sel.partition >= topics.numPartitions)) {
      throw new QueryableStoreError('INVALID_PARTITION', `store ${sel.storeName} has no partition ${sel.partition} (it has ${topics.numPartitions})`);
    }
    const out: LocalStoreShard[] = [];
    for (const task of this.runtime.localTasks()) {
      if (task.subtopology !== topics.subtopology) continue;
      if (sel.partition !== undefined && task.partition !== sel.partition) continue;
      if (!sel.stale && !(task.active && task.running)) continue;
      const store = task.store(sel.storeName);
      if (store === undefined || !store.isOpen()) continue;
      out.push({ task, store });
    }
    if (out.length === 0) {
      const rebalancing = this.runtime.state() === 'REBALANCING';
      const where = sel.partition === undefined ? '' : ` partition ${sel.partition}`;
      throw rebalancing
        ? new QueryableStoreError('STREAMS_REBALANCING', `store ${sel.storeName}${where} is not queryable while the instance rebalances; retry`)
        : new QueryableStoreError('STATE_STORE_MIGRATED', `store ${sel.storeName}${where} is not hosted here (it may have migrated to another instance)`);
    }
    out.sort((a, b) => a.task.partition - b.task.partition);
    return out;
  }

  /** shards of a typed view; every call resolves the tasks again */
  viewShards<T>(params: StoreQueryParameters<T>): StoreShards {
    const type: QueryableStoreType<T> = params.queryableStoreType;
    const sel: ShardSelection = { storeName: params.storeName, partition: params.partition, stale: params.staleStoresEnabled };
    const resolve = (): LocalStoreShard[] => {
      const shards = this.shards(sel);
      for (const s of shards) {
        if (!type.accepts(s.store)) {
          throw new QueryableStoreError('WRONG_STORE_TYPE', `store ${params.storeName} is not a ${type.name} (the queryable store type does not accept it)`);
        }
      }
      return shards;
    };
    return {
      all: () => resolve().map((s) => s.store),
      forKey: (key) => {
        const shards = resolve();
        if (params.partition !== undefined) return shards[0]!.store; // the caller chose the partition
        const topics = storeTopics(this.runtime.layout, params.storeName)!;
        const p = keyPartition(topics, key, { serializer: storeKeySerializer(shards[0]!.store) });
        if (p === undefined) return undefined;
        return shards.find((s) => s.task.partition === p)?.store ?? null;
      },
    };
  }
}

/** throws unless a global store may be read now (the instance runs or rebalances, the store is open) */
export function checkGlobalStore(runtime: QueryRuntime, storeName: string, store: StateStore): void {
  const state = runtime.state();
  if (state === 'CREATED') throw new QueryableStoreError('STREAMS_NOT_STARTED', `KafkaStreams is not started (state ${state}); cannot query store ${storeName}`);
  if (state !== 'RUNNING' && state !== 'REBALANCING') throw new QueryableStoreError('STREAMS_STOPPED', `KafkaStreams is ${state}; cannot query store ${storeName}`);
  if (!store.isOpen()) throw new QueryableStoreError('STREAMS_STOPPED', `global store ${storeName} is closed`);
}

/**
 * A global store's shards: the one store every instance holds completely (Kafka Streams'
 * GlobalStateStoreProvider). Readable while the instance runs or rebalances; partitions do not apply.
 */
export function globalStoreShards(runtime: QueryRuntime, storeName: string, store: StateStore, type: QueryableStoreType<unknown>): StoreShards {
  const check = (): StateStore => {
    checkGlobalStore(runtime, storeName, store);
    if (!type.accepts(store)) throw new QueryableStoreError('WRONG_STORE_TYPE', `store ${storeName} is not a ${type.name} (the queryable store type does not accept it)`);
    return store;
  };
  return { all: () => [check()], forKey: () => check() };
}
