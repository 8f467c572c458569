// IQv2 requests and results (Kafka Streams' StateQueryRequest / StateQueryResult / QueryResult).
import type { Query } from './queries.js';

/** Why a partition could not answer (Kafka's FailureReason). */
export type FailureReason =
  /** the partition is here only as a standby (or restoring) and the request requires an active one */
  | 'NOT_ACTIVE'
  /** the partition is not hosted on this instance */
  | 'NOT_PRESENT'
  /** the store cannot run this kind of query */
  | 'UNKNOWN_QUERY_TYPE'
  /** the store threw while running the query */
  | 'STORE_EXCEPTION'
  /** the requested partition does not exist */
  | 'DOES_NOT_EXIST';

export class QueryResult<R> {
  private constructor(
    private readonly result: R | undefined,
    readonly failureReason: FailureReason | undefined,
    readonly failureMessage: string | undefined,
    /** true when answered by a standby or a restoring task (only when the request allowed it) */
    readonly stale: boolean,
  ) {}

  static forResult<R>(result: R, options: { stale?: boolean } = {}): QueryResult<R> {
    return new QueryResult<R>(result, undefined, undefined, options.stale ?? false);
  }

  static forFailure<R>(reason: FailureReason, message: string): QueryResult<R> {
    return new QueryResult<R>(undefined, reason, message, false);
  }

  isSuccess(): boolean {
    return this.failureReason === undefined;
  }

  isFailure(): boolean {
    return this.failureReason !== undefined;
  }

  /** the result; throws on a failed partition */
  getResult(): R {
    if (this.failureReason !== undefined) throw new Error(`query failed (${this.failureReason}): ${this.failureMessage ?? ''}`);
    return this.result as R;
  }
}

export class StateQueryRequest<R> {
  private constructor(
    readonly storeName: string,
    readonly query: Query<R>,
    /** undefined = all partitions of the store on this instance */
    readonly partitions: ReadonlySet<number> | undefined,
    readonly activeRequired: boolean,
  ) {}

  /** `StateQueryRequest.inStore(name).withQuery(q)` */
  static inStore(storeName: string): { withQuery<R>(query: Query<R>): StateQueryRequest<R> } {
    return { withQuery: <R>(query: Query<R>) => new StateQueryRequest<R>(storeName, query, undefined, false) };
  }

  withPartitions(partitions: Iterable<number>): StateQueryRequest<R> {
    return new StateQueryRequest(this.storeName, this.query, new Set(partitions), this.activeRequired);
  }

  withAllPartitions(): StateQueryRequest<R> {
    return new StateQueryRequest(this.storeName, this.query, undefined, this.activeRequired);
  }

  /** answer only from running active tasks (standbys and restoring tasks fail with NOT_ACTIVE) */
  requireActive(): StateQueryRequest<R> {
    return new StateQueryRequest(this.storeName, this.query, this.partitions, true);
  }

  isAllPartitions(): boolean {
    return this.partitions === undefined;
  }
}

export class StateQueryResult<R> {
  readonly partitionResults = new Map<number, QueryResult<R>>();

  addResult(partition: number, result: QueryResult<R>): void {
    this.partitionResults.set(partition, result);
  }

  /** the result when exactly one partition answered (e.g. a key query on its partition); throws otherwise */
  onlyPartition(): QueryResult<R> {
    if (this.partitionResults.size !== 1) {
      throw new Error(`expected exactly one partition result, got ${this.partitionResults.size} (partitions ${[...this.partitionResults.keys()].join(', ')})`);
    }
    return this.partitionResults.values().next().value!;
  }
}
