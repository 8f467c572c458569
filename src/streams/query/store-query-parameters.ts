import type { QueryableStoreType } from './queryable-store-types.js';

/** Which store to query and how (Kafka Streams' StoreQueryParameters); immutable, each `with` returns a copy. */
export class StoreQueryParameters<T> {
  private constructor(
    readonly storeName: string,
    readonly queryableStoreType: QueryableStoreType<T>,
    /** only this partition's store; undefined = all local partitions */
    readonly partition: number | undefined,
    /** also read standby tasks and active tasks still restoring */
    readonly staleStoresEnabled: boolean,
  ) {}

  static fromNameAndType<T>(storeName: string, type: QueryableStoreType<T>): StoreQueryParameters<T> {
    return new StoreQueryParameters(storeName, type, undefined, false);
  }

  withPartition(partition: number): StoreQueryParameters<T> {
    return new StoreQueryParameters(this.storeName, this.queryableStoreType, partition, this.staleStoresEnabled);
  }

  enableStaleStores(): StoreQueryParameters<T> {
    return new StoreQueryParameters(this.storeName, this.queryableStoreType, this.partition, true);
  }
}
