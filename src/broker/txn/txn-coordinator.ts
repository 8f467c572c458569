// The transaction coordinator: producer ids and epochs, the set of partitions and groups in each
// open transaction, EndTxn writing COMMIT/ABORT markers, and timeouts that abort. Semantics follow
// Apache Kafka's TransactionCoordinator (pre-KIP-890-part-2 protocol); our own design: a
// synchronous state machine, markers written through an injected writer (the broker appends them
// to its local partition logs, so a transaction completes within the EndTxn call), timers from a
// KeyedTimer.
import { ErrorCode } from '../group/error-codes.js';
import type { KeyedTimer } from '../group/keyed-timer.js';
import { MemoryTxnLog } from './txn-log.js';
import type { PersistedTxn, TxnLog, TxnStateName } from './txn-log.js';

/** Where markers go and what happens to transactional offsets; implemented by the broker. */
export interface TxnParticipants {
  /** Appends a COMMIT or ABORT control batch for the producer to the partition. */
  writeMarker(topic: string, partition: number, producerId: number, producerEpoch: number, commit: boolean): void;
  /** Commits or discards the offsets the producer sent to these groups inside the transaction. */
  completeTxnOffsets(producerId: number, groupIds: readonly string[], commit: boolean): void;
  partitionExists(topic: string, partition: number): boolean;
}

export interface TxnCoordinatorOptions {
  readonly timer: KeyedTimer;
  readonly participants: TxnParticipants;
  readonly log?: TxnLog;
  /** transaction.max.timeout.ms. Default 900000 (Kafka's). */
  readonly maxTransactionTimeoutMs?: number;
  /** Producer ids are reserved from the log in blocks of this size. Default 1000. */
  readonly producerIdBlockSize?: number;
  /** The broker's producer id allocator, shared with idempotent producers; default: our own. */
  readonly allocateProducerId?: () => number;
}

export interface InitProducerIdResult {
  readonly errorCode: number;
  readonly producerId: number;
  readonly producerEpoch: number;
}

interface TxnMetadata {
  readonly transactionalId: string;
  producerId: number;
  producerEpoch: number;
  lastProducerId: number;
  lastProducerEpoch: number;
  timeoutMs: number;
  state: TxnStateName;
  partitions: Map<string, [string, number]>;
  groups: Set<string>;
  startTimestamp: number;
  lastUpdateTimestamp: number;
}

const NO_PRODUCER_ID = -1;
const NO_EPOCH = -1;
/** Kafka bumps to a new producer id before the int16 epoch overflows. */
const MAX_EPOCH = 32766;
const OPERATION_NOT_ATTEMPTED = 55;

export class TxnCoordinator {
  private readonly txns = new Map<string, TxnMetadata>();
  private readonly timer: KeyedTimer;
  private readonly participants: TxnParticipants;
  private readonly log: TxnLog;
  private readonly maxTimeoutMs: number;
  private readonly blockSize: number;
  private nextProducerId: number;
  private blockEnd: number;
  private readonly externalAllocator: (() => number) | undefined;

  constructor(options: TxnCoordinatorOptions) {
    this.timer = options.timer;
    this.participants = options.participants;
    this.log = options.log ?? new MemoryTxnLog();
    this.maxTimeoutMs = options.maxTransactionTimeoutMs ?? 900_000;
    this.blockSize = options.producerIdBlockSize ?? 1000;
    this.externalAllocator = options.allocateProducerId;
    const loaded = this.log.load();
    this.nextProducerId = loaded.nextProducerIdBlock;
    this.blockEnd = loaded.nextProducerIdBlock;
    for (const p of loaded.txns) {
      this.txns.set(p.transactionalId, {
        ...p,
        partitions: new Map(p.partitions.map(([t, n]) => [tpKey(t, n), [t, n]])),
        groups: new Set(p.groups),
      });
    }
  }

  /**
   * After a restart, once the partition logs are open: finishes transactions caught between
   * prepare and complete, and re-arms the timeouts of open ones.
   */
  recover(): void {
    for (const txn of this.txns.values()) {
      if (txn.state === 'PrepareCommit' || txn.state === 'PrepareAbort') {
        this.writeMarkersAndComplete(txn, txn.state === 'PrepareCommit');
      } else if (txn.state === 'Ongoing') {
        this.armTimeout(txn);
      }
    }
  }

  close(): void {
    this.log.close();
  }

  /** A fresh producer id (idempotent producers without a transactional id use this too). */
  allocateProducerId(): number {
    if (this.externalAllocator !== undefined) return this.externalAllocator();
    if (this.nextProducerId >= this.blockEnd) {
      this.blockEnd = this.nextProducerId + this.blockSize;
      this.log.reserveProducerIds(this.blockEnd);
    }
    return this.nextProducerId++;
  }

  initProducerId(req: {
    transactionalId: string | null;
    transactionTimeoutMs: number;
    /** v3+: the id/epoch the producer had (KIP-360), -1 otherwise. */
    producerId: number;
    producerEpoch: number;
  }): InitProducerIdResult {
    if (req.transactionalId === null || req.transactionalId === '') {
      return { errorCode: ErrorCode.NONE, producerId: this.allocateProducerId(), producerEpoch: 0 };
    }
    if (req.transactionTimeoutMs <= 0 || req.transactionTimeoutMs > this.maxTimeoutMs) {
      return initError(ErrorCode.INVALID_TRANSACTION_TIMEOUT);
    }
    const now = this.timer.now();
    let txn = this.txns.get(req.transactionalId);
    if (txn === undefined) {
      txn = {
        transactionalId: req.transactionalId,
        producerId: this.allocateProducerId(),
        producerEpoch: NO_EPOCH,
        lastProducerId: NO_PRODUCER_ID,
        lastProducerEpoch: NO_EPOCH,
        timeoutMs: req.transactionTimeoutMs,
        state: 'Empty',
        partitions: new Map(),
        groups: new Set(),
        startTimestamp: -1,
        lastUpdateTimestamp: now,
      };
      this.txns.set(req.transactionalId, txn);
    } else if (req.producerId !== NO_PRODUCER_ID) {
      // KIP-360: a producer recovering its own id must present the current (or just-replaced) one.
      const current = req.producerId === txn.producerId && req.producerEpoch === txn.producerEpoch;
      const previous = req.producerId === txn.lastProducerId && req.producerEpoch === txn.lastProducerEpoch;
      const retry = req.producerId === txn.lastProducerId && txn.lastProducerId !== NO_PRODUCER_ID;
      if (!current && !previous && !retry) return initError(ErrorCode.PRODUCER_FENCED);
    }
    switch (txn.state) {
      case 'PrepareCommit':
      case 'PrepareAbort':
        return initError(ErrorCode.CONCURRENT_TRANSACTIONS);
      case 'Ongoing':
        // A new incarnation: fence the old one by bumping the epoch, then abort what it left open.
        this.bumpEpoch(txn);
        this.writeMarkersAndComplete(txn, false);
        break;
      default:
        this.bumpEpoch(txn);
    }
    txn.timeoutMs = req.transactionTimeoutMs;
    txn.state = 'Empty';
    txn.lastUpdateTimestamp = now;
    this.persist(txn);
    return { errorCode: ErrorCode.NONE, producerId: txn.producerId, producerEpoch: txn.producerEpoch };
  }

  private bumpEpoch(txn: TxnMetadata): void {
    txn.lastProducerId = txn.producerId;
    txn.lastProducerEpoch = txn.producerEpoch;
    if (txn.producerEpoch >= MAX_EPOCH) {
      txn.producerId = this.allocateProducerId();
      txn.producerEpoch = 0;
    } else {
      txn.producerEpoch++;
    }
  }

  /** Common checks of the in-transaction calls; NONE means txn is the producer's current one. */
  private check(transactionalId: string, producerId: number, producerEpoch: number): { error: number; txn?: TxnMetadata } {
    const txn = this.txns.get(transactionalId);
    if (txn === undefined || txn.producerId !== producerId) return { error: ErrorCode.INVALID_PRODUCER_ID_MAPPING };
    if (producerEpoch !== txn.producerEpoch) return { error: ErrorCode.PRODUCER_FENCED };
    if (txn.state === 'PrepareCommit' || txn.state === 'PrepareAbort') return { error: ErrorCode.CONCURRENT_TRANSACTIONS };
    return { error: ErrorCode.NONE, txn };
  }

  addPartitionsToTxn(req: {
    transactionalId: string;
    producerId: number;
    producerEpoch: number;
    topics: readonly { name: string; partitions: readonly number[] }[];
  }): { name: string; partitions: { partition: number; errorCode: number }[] }[] {
    const { error, txn } = this.check(req.transactionalId, req.producerId, req.producerEpoch);
    const unknown = new Set<string>();
    if (error === ErrorCode.NONE) {
      for (const t of req.topics) for (const p of t.partitions) if (!this.participants.partitionExists(t.name, p)) unknown.add(tpKey(t.name, p));
    }
    const codeFor = (topic: string, p: number): number => {
      if (error !== ErrorCode.NONE) return error;
      if (unknown.size === 0) return ErrorCode.NONE;
      return unknown.has(tpKey(topic, p)) ? ErrorCode.UNKNOWN_TOPIC_OR_PARTITION : OPERATION_NOT_ATTEMPTED;
    };
    if (error === ErrorCode.NONE && unknown.size === 0 && txn !== undefined) {
      let added = false;
      for (const t of req.topics) {
        for (const p of t.partitions) {
          const key = tpKey(t.name, p);
          if (!txn.partitions.has(key)) {
            txn.partitions.set(key, [t.name, p]);
            added = true;
          }
        }
      }
      if (added || txn.state !== 'Ongoing') this.beginOrUpdate(txn);
    }
    return req.topics.map((t) => ({ name: t.name, partitions: t.partitions.map((p) => ({ partition: p, errorCode: codeFor(t.name, p) })) }));
  }

  addOffsetsToTxn(req: { transactionalId: string; producerId: number; producerEpoch: number; groupId: string }): number {
    const { error, txn } = this.check(req.transactionalId, req.producerId, req.producerEpoch);
    if (error !== ErrorCode.NONE || txn === undefined) return error;
    if (req.groupId === '') return ErrorCode.INVALID_GROUP_ID;
    if (!txn.groups.has(req.groupId) || txn.state !== 'Ongoing') {
      txn.groups.add(req.groupId);
      this.beginOrUpdate(txn);
    }
    return ErrorCode.NONE;
  }

  private beginOrUpdate(txn: TxnMetadata): void {
    const now = this.timer.now();
    if (txn.state !== 'Ongoing') {
      txn.state = 'Ongoing';
      txn.startTimestamp = now;
      this.armTimeout(txn);
    }
    txn.lastUpdateTimestamp = now;
    this.persist(txn);
  }

  /**
   * TxnOffsetCommit's transaction side: the producer must be current and the group added to its
   * open transaction. The group side (generation, member) is checked by the group coordinator.
   */
  checkTxnOffsetCommit(req: { transactionalId: string; producerId: number; producerEpoch: number; groupId: string }): number {
    const txn = this.txns.get(req.transactionalId);
    if (txn === undefined || txn.producerId !== req.producerId) return ErrorCode.INVALID_PRODUCER_ID_MAPPING;
    if (req.producerEpoch !== txn.producerEpoch) return ErrorCode.PRODUCER_FENCED;
    if (txn.state !== 'Ongoing' || !txn.groups.has(req.groupId)) return ErrorCode.INVALID_TXN_STATE;
    return ErrorCode.NONE;
  }

  endTxn(req: { transactionalId: string; producerId: number; producerEpoch: number; committed: boolean }): number {
    const txn = this.txns.get(req.transactionalId);
    if (txn === undefined || txn.producerId !== req.producerId) return ErrorCode.INVALID_PRODUCER_ID_MAPPING;
    if (req.producerEpoch !== txn.producerEpoch) return ErrorCode.PRODUCER_FENCED;
    switch (txn.state) {
      case 'Ongoing':
        this.writeMarkersAndComplete(txn, req.committed);
        return ErrorCode.NONE;
      case 'CompleteCommit':
        // A retried EndTxn of what is already done succeeds; the opposite outcome is a state error.
        return req.committed ? ErrorCode.NONE : ErrorCode.INVALID_TXN_STATE;
      case 'CompleteAbort':
        return req.committed ? ErrorCode.INVALID_TXN_STATE : ErrorCode.NONE;
      case 'PrepareCommit':
      case 'PrepareAbort':
        return ErrorCode.CONCURRENT_TRANSACTIONS;
      default:
        return ErrorCode.INVALID_TXN_STATE;
    }
  }

  private writeMarkersAndComplete(txn: TxnMetadata, commit: boolean): void {
    this.timer.cancel(timeoutKey(txn.transactionalId));
    txn.state = commit ? 'PrepareCommit' : 'PrepareAbort';
    this.persist(txn);
    for (const [topic, partition] of txn.partitions.values()) {
      if (this.participants.partitionExists(topic, partition)) {
        this.participants.writeMarker(topic, partition, txn.producerId, txn.producerEpoch, commit);
      }
    }
    if (txn.groups.size > 0) this.participants.completeTxnOffsets(txn.producerId, [...txn.groups], commit);
    // After a fencing bump the offsets were recorded under the same producer id: nothing else to do.
    txn.state = commit ? 'CompleteCommit' : 'CompleteAbort';
    txn.partitions = new Map();
    txn.groups = new Set();
    txn.lastUpdateTimestamp = this.timer.now();
    this.persist(txn);
  }

  private armTimeout(txn: TxnMetadata): void {
    const deadline = txn.startTimestamp + txn.timeoutMs;
    const id = txn.transactionalId;
    this.timer.schedule(timeoutKey(id), Math.max(0, deadline - this.timer.now()), () => this.expire(id));
  }

  /** Kafka aborts a timed-out transaction with a bumped epoch, so the late producer is fenced. */
  private expire(transactionalId: string): void {
    const txn = this.txns.get(transactionalId);
    if (txn === undefined || txn.state !== 'Ongoing') return;
    this.bumpEpoch(txn);
    this.writeMarkersAndComplete(txn, false);
  }

  describe(transactionalId: string): {
    state: TxnStateName;
    producerId: number;
    producerEpoch: number;
    timeoutMs: number;
    startTimestamp: number;
    partitions: [string, number][];
    groups: string[];
  } | null {
    const t = this.txns.get(transactionalId);
    if (t === undefined) return null;
    return {
      state: t.state,
      producerId: t.producerId,
      producerEpoch: t.producerEpoch,
      timeoutMs: t.timeoutMs,
      startTimestamp: t.startTimestamp,
      partitions: [...t.partitions.values()],
      groups: [...t.groups],
    };
  }

  transactionalIds(): string[] {
    return [...this.txns.keys()];
  }

  private persist(txn: TxnMetadata): void {
    const snapshot: PersistedTxn = {
      transactionalId: txn.transactionalId,
      producerId: txn.producerId,
      producerEpoch: txn.producerEpoch,
      lastProducerId: txn.lastProducerId,
      lastProducerEpoch: txn.lastProducerEpoch,
      timeoutMs: txn.timeoutMs,
      state: txn.state,
      partitions: [...txn.partitions.values()],
      groups: [...txn.groups],
      startTimestamp: txn.startTimestamp,
      lastUpdateTimestamp: txn.lastUpdateTimestamp,
    };
    this.log.writeTxn(snapshot);
  }
}

function initError(errorCode: number): InitProducerIdResult {
  return { errorCode, producerId: NO_PRODUCER_ID, producerEpoch: NO_EPOCH };
}

function tpKey(topic: string, partition: number): string {
  return `${topic}\u0000${partition}`;
}

function timeoutKey(transactionalId: string): string {
  return `txn-timeout:${transactionalId}`;
}
