// The producer: records go into the accumulator synchronously; a sender drains ready batches into one
// Produce request per leader, keeping at most `maxInFlightRequestsPerConnection` requests outstanding
// per connection. Idempotence (default) gives each partition a sequence; transactions add the
// coordinator round trips (AddPartitionsToTxn before a partition's first batch, EndTxn at the end).
import { addOffsetsToTxnApi } from '../../protocol/messages/add-offsets-to-txn.js';
import { addPartitionsToTxnApi } from '../../protocol/messages/add-partitions-to-txn.js';
import { endTxnApi } from '../../protocol/messages/end-txn.js';
import { initProducerIdApi } from '../../protocol/messages/init-producer-id.js';
import { produceApi, type ProduceRequest, type ProduceResponse } from '../../protocol/messages/produce.js';
import { txnOffsetCommitApi } from '../../protocol/messages/txn-offset-commit.js';
import type { RecordInput } from '../../protocol/records/encode.js';
import type { RecordHeader } from '../../protocol/records/types.js';
import { brokerError, COORDINATOR_CODES, METADATA_REFRESH_CODES } from '../broker-error.js';
import { ClientClosedError, ConfigError, KafkaClientError, ProducerFencedError, TransactionStateError } from '../errors.js';
import { Cluster } from '../network/cluster.js';
import type { Connection } from '../network/connection.js';
import { resolveClientOptions } from '../options.js';
import { backoffDelay, sleep } from '../retry.js';
import { RecordAccumulator, type PartitionQueue, ProducerBatch, type RecordCompletion } from './accumulator.js';
import { StickyPartitioner } from './partitioner.js';
import { Utf8Scratch } from './utf8-scratch.js';
import { certainlyNotWritten, MESSAGE_TOO_LARGE, resequenceAfter, splitInQueue } from './batch-recovery.js';
import type { ProducerOptions } from './producer-options.js';
import type { ConsumerGroupMetadata, FailedRecord, ProduceErrorCallback, ProducerHeaders, ProducerRecord, RecordMetadata, TopicPartitionOffset } from './types.js';

type TxnState = 'none' | 'ready' | 'in-transaction' | 'committing' | 'aborting' | 'fatal';

/** Highest versions the client speaks (newer ones change transaction semantics, KIP-890). */
const MAX_PRODUCE_VERSION = 11;
const MAX_ADD_PARTITIONS_VERSION = 3;
const MAX_END_TXN_VERSION = 4;

function toBuffer(v: Buffer | string | null | undefined): Buffer | null {
  if (v === null || v === undefined) return null;
  return typeof v === 'string' ? Buffer.from(v, 'utf8') : v;
}

function toHeaders(h: ProducerHeaders | undefined): RecordHeader[] | undefined {
  if (!h) return undefined;
  if (Array.isArray(h)) return (h as ReadonlyArray<{ key: string; value: Buffer | string | null }>).map((e) => ({ key: e.key, value: toBuffer(e.value) }));
  return Object.entries(h as Record<string, Buffer | string | null>).map(([key, value]) => ({ key, value: toBuffer(value) }));
}

/** A record parked until its topic's metadata arrives: the caller may reuse its object, so its fields are copied. */
function parkedCopy(record: ProducerRecord): ProducerRecord {
  const copy: ProducerRecord = { topic: record.topic, key: record.key, value: record.value, timestamp: record.timestamp, partition: record.partition };
  const headers = toHeaders(record.headers);
  if (headers !== undefined) copy.headers = headers;
  return copy;
}

/** The failed record as a callback sees it: from a batch (bytes as sent) or from the caller's record. */
function failedRecord(source: ProducerRecord | ProducerBatch, index: number): FailedRecord {
  if (source instanceof ProducerBatch) {
    const r = source.recordAt(index);
    return { topic: source.topic, partition: source.partition, key: r.key, value: r.value, timestamp: r.timestamp, headers: r.headers };
  }
  return {
    topic: source.topic,
    partition: source.partition ?? -1,
    key: toBuffer(source.key),
    value: toBuffer(source.value),
    timestamp: source.timestamp ?? Date.now(),
    headers: toHeaders(source.headers) ?? [],
  };
}

export class Producer {
  private readonly cluster: Cluster;
  private readonly accumulator: RecordAccumulator;
  private readonly partitioner = new StickyPartitioner();
  private readonly acks: -1 | 0 | 1;
  private readonly lingerMs: number;
  private readonly maxInFlight: number;
  private readonly maxRequestSize: number;
  private readonly compression: ProducerOptions['compressionType'];
  private readonly idempotent: boolean;
  private readonly transactionalId: string | null;
  private readonly transactionTimeoutMs: number;
  private readonly deliveryTimeoutMs: number;
  private readonly custom: ProducerOptions['partitioner'];
  private producerId = -1n;
  private producerEpoch = -1;
  private txnState: TxnState = 'none';
  private fatalError: Error | undefined;
  private connected: Promise<void> | undefined;
  private closed = false;
  private drainScheduled = false;
  private lingerTimer: NodeJS.Timeout | undefined;
  private flushing = 0;
  private readonly inFlightPerNode = new Map<number, number>();
  private readonly flushWaiters: Array<() => void> = [];
  /** First error of a record sent without a promise (`produce`), reported by the next `flush()`. */
  private unreportedError: Error | undefined;
  /** Records waiting for their topic's metadata. */
  private waitingForMetadata = 0;
  /** Per topic, the records waiting for its metadata, in send order. */
  private readonly metadataWaiters = new Map<string, Array<{ record: ProducerRecord; ack: RecordCompletion }>>();
  private readonly txnPartitionsToAdd = new Set<PartitionQueue>();
  /** The record being appended (`enqueue` fills it; the batch builder copies it at once). */
  private readonly input: RecordInput = { key: null, keyLength: undefined, value: null, timestamp: 0, headers: undefined, offsetDelta: 0 };
  /** A string key's bytes, without a Buffer per record (not for a custom partitioner, which gets a Buffer). */
  private readonly keyBytes = new Utf8Scratch();
  private addingPartitions: Promise<void> | undefined;

  constructor(options: ProducerOptions) {
    const resolved = resolveClientOptions(options);
    this.cluster = new Cluster(resolved, { allowAutoTopicCreation: options.allowAutoTopicCreation ?? true });
    this.acks = options.acks ?? -1;
    this.lingerMs = options.lingerMs ?? 5;
    this.maxRequestSize = options.maxRequestSize ?? 1_048_576;
    this.accumulator = new RecordAccumulator(Math.min(options.batchSize ?? 16_384, this.maxRequestSize));
    this.compression = options.compressionType ?? 'none';
    this.transactionalId = options.transactionalId ?? null;
    this.idempotent = this.transactionalId !== null || (options.enableIdempotence ?? true);
    this.maxInFlight = options.maxInFlightRequestsPerConnection ?? 5;
    if (this.idempotent && this.maxInFlight > 5) throw new ConfigError('idempotence needs maxInFlightRequestsPerConnection <= 5');
    if (this.idempotent && this.acks !== -1) {
      if (options.enableIdempotence === true || this.transactionalId !== null) throw new ConfigError('idempotence needs acks=-1');
      this.idempotent = false;
    }
    this.transactionTimeoutMs = options.transactionTimeoutMs ?? 60_000;
    this.deliveryTimeoutMs = options.deliveryTimeoutMs ?? 120_000;
    this.custom = options.partitioner;
  }

  /**
   * The partition count of each topic, loading their metadata if needed (Java's `partitionsFor`);
   * rejects (UNKNOWN_TOPIC_OR_PARTITION, after the retries) when one does not exist. Records for a topic
   * whose metadata is loaded go straight into a batch; the others wait for a metadata request first.
   */
  async partitionsFor(topics: Iterable<string>): Promise<Map<string, number>> {
    await this.connect();
    const wanted = [...topics];
    await this.cluster.ensureTopics(wanted);
    const counts = new Map<string, number>();
    for (const t of wanted) {
      const n = this.cluster.partitionCount(t);
      if (n !== undefined) counts.set(t, n);
    }
    return counts;
  }

  /** Connects and, for idempotent or transactional producers, gets a producer id. */
  connect(): Promise<void> {
    this.connected ??= (async () => {
      await this.cluster.connect();
      if (this.idempotent && this.transactionalId === null) await this.initProducerId();
    })().catch((err: unknown) => {
      this.connected = undefined; // a later call tries again
      throw err;
    });
    return this.connected;
  }

  private get isTransactional(): boolean {
    return this.transactionalId !== null;
  }

  /**
   * Sends one record; the promise settles when the broker acknowledges (or the record fails). The
   * record object is not kept (its headers are copied): it may be reused once the call returns.
   */
  send(record: ProducerRecord): Promise<RecordMetadata> {
    return new Promise<RecordMetadata>((resolve, reject) => this.enqueue(record, { resolve, reject, timestamp: 0 }));
  }

  /**
   * Sends one record without a promise. With `onError`, a failure is reported to it, naming the record
   * (once, after the producer's retries; nothing is called on success) and not by `flush()`; without,
   * the first failure is thrown by the next `flush()`. The callback reference is stored beside the
   * record: pass one long-lived function, not a new closure per record. The record object is not kept
   * (its headers are copied): it may be reused once the call returns.
   */
  produce(record: ProducerRecord, onError?: ProduceErrorCallback): void {
    this.enqueue(record, onError);
  }

  private enqueue(record: ProducerRecord, ack: RecordCompletion): void {
    try {
      if (this.closed) throw new ClientClosedError('producer closed');
      if (this.fatalError) throw this.fatalError;
      if (this.isTransactional && this.txnState !== 'in-transaction') {
        throw new TransactionStateError('send() outside a transaction: call beginTransaction() first');
      }
      const count = this.cluster.partitionCount(record.topic);
      const waiting = this.metadataWaiters.size === 0 ? undefined : this.metadataWaiters.get(record.topic);
      if (waiting) {
        // keeps the order: behind the records already waiting for this topic
        waiting.push({ record: parkedCopy(record), ack });
        this.waitingForMetadata++;
        return;
      }
      if (count === undefined || !this.connected) {
        this.waitForMetadata(record, ack);
        return;
      }
      const recordKey = record.key;
      let key: Buffer | null;
      let keyLength: number | undefined;
      if (typeof recordKey === 'string' && !this.custom && (keyLength = this.keyBytes.encode(recordKey)) >= 0) {
        key = this.keyBytes.buffer; // its first keyLength bytes
      } else {
        key = toBuffer(recordKey);
        keyLength = undefined;
      }
      const value = toBuffer(record.value);
      let partition = record.partition;
      if (partition === undefined) {
        partition = this.custom
          ? this.custom({ topic: record.topic, key, value, partitionCount: count })
          : this.partitioner.partition(record.topic, key, count, keyLength);
      }
      if (!Number.isInteger(partition) || partition < 0 || partition >= count) {
        throw new KafkaClientError(`partition ${partition} of ${record.topic} does not exist (${count} partitions)`, {
          code: 'UNKNOWN_TOPIC_OR_PARTITION',
          errorCode: 3,
        });
      }
      // the builder copies the record at once: one input object serves every record
      const input = this.input;
      input.key = key;
      input.keyLength = keyLength;
      input.value = value;
      input.timestamp = record.timestamp ?? Date.now();
      input.headers = toHeaders(record.headers);
      if (key === null && record.partition === undefined && !this.custom && this.accumulator.wouldStartBatch(record.topic, partition, input)) {
        // KIP-480: unkeyed records stick to one partition until its batch is full (or sent), then move on.
        this.partitioner.onNewBatch(record.topic, partition, count);
        partition = this.partitioner.partition(record.topic, null, count);
      }
      const res = this.accumulator.append(record.topic, partition, input, ack);
      input.key = input.value = null; // not kept alive by the scratch object
      input.headers = undefined;
      if (this.isTransactional) {
        const q = this.accumulator.queue(record.topic, partition);
        if (!q.inTransaction) this.txnPartitionsToAdd.add(q);
      }
      if (res.batchClosed) this.scheduleDrain();
      else this.scheduleLinger();
    } catch (err) {
      this.failRecord(ack, err instanceof Error ? err : new Error(String(err)), record);
    }
  }

  /** Parks a record until its topic's metadata is loaded: one lookup per topic, not a promise chain per record. */
  private waitForMetadata(record: ProducerRecord, ack: RecordCompletion): void {
    const topic = record.topic;
    const waiting = [{ record: parkedCopy(record), ack }];
    this.metadataWaiters.set(topic, waiting);
    this.waitingForMetadata++;
    const settle = (err: Error | undefined): void => {
      this.metadataWaiters.delete(topic);
      this.waitingForMetadata -= waiting.length;
      for (const w of waiting) {
        if (err) this.failRecord(w.ack, err, w.record);
        else this.enqueue(w.record, w.ack);
      }
      this.notifyFlush(); // a flush may be waiting for these records, and all of them may have failed
    };
    this.connect()
      .then(() => this.cluster.ensureTopics([topic]))
      .then(
        () => settle(undefined),
        (err: unknown) => settle(err instanceof Error ? err : new Error(String(err))),
      );
  }

  /** Reports a failed record: `record` is the caller's record (failed before a batch) or a batch and an index. */
  private failRecord(ack: RecordCompletion, err: Error, record: ProducerRecord | ProducerBatch, index = 0): void {
    if (ack === undefined) this.unreportedError ??= err;
    else if (typeof ack !== 'function') ack.reject(err);
    else {
      try {
        ack(err, failedRecord(record, index));
      } catch (e) {
        this.unreportedError ??= e instanceof Error ? e : new Error(String(e));
      }
    }
  }

  // Called per record: the callbacks are made once, as a closure here would be a context object per call.
  private scheduleLinger(): void {
    if (this.lingerTimer || this.drainScheduled) return;
    this.lingerTimer = setTimeout(this.onLingerTimer, this.lingerMs);
  }

  private readonly onLingerTimer = (): void => {
    this.lingerTimer = undefined;
    this.drain();
  };

  private scheduleDrain(): void {
    if (this.drainScheduled) return;
    this.drainScheduled = true;
    setImmediate(this.onDrainScheduled);
  }

  private readonly onDrainScheduled = (): void => {
    this.drainScheduled = false;
    this.drain();
  };

  /** Sends every batch that is ready and allowed (leader known, in-flight limit, backoff). */
  private drain(): void {
    if (this.fatalError) {
      this.failAll(this.fatalError);
      return;
    }
    const now = Date.now();
    const nextLinger = this.accumulator.closeExpired(now, this.lingerMs, this.flushing > 0);
    if (this.isTransactional && this.txnPartitionsToAdd.size > 0) {
      if (!this.addingPartitions) {
        this.addingPartitions = this.addPartitionsToTxn()
          .catch((err: unknown) => this.onTxnError(err))
          .finally(() => {
            this.addingPartitions = undefined;
            this.scheduleDrain();
          });
      }
    }
    const byNode = new Map<number, ProducerBatch[]>();
    const sizeByNode = new Map<number, number>();
    let retryWait = Infinity;
    let needMetadata = false;
    let expired: ProducerBatch[] | undefined;
    for (const q of this.accumulator.queues.values()) {
      if (this.isTransactional && !q.inTransaction) continue;
      for (const b of q.batches) {
        if (b.state === 'open') break;
        if (b.state === 'inflight' || b.state === 'done') continue;
        if (now - b.createdMs > this.deliveryTimeoutMs) {
          // never acknowledged within delivery.timeout.ms (no leader, retried too long): it fails, as in Kafka
          (expired ??= []).push(b);
          break; // the partition's later batches wait for the next drain
        }
        if (b.retryAtMs > now) {
          retryWait = Math.min(retryWait, b.retryAtMs - now);
          break;
        }
        const leader = this.cluster.leaderFor(b.topic, b.partition);
        if (leader === undefined) {
          needMetadata = true;
          break;
        }
        if ((this.inFlightPerNode.get(leader) ?? 0) >= this.maxInFlight) break;
        const size = sizeByNode.get(leader) ?? 0;
        const list = byNode.get(leader);
        // One batch per partition per request.
        if (list?.some((x) => x.topic === b.topic && x.partition === b.partition)) break;
        if (list && size + b.sizeBytes > this.maxRequestSize) break;
        if (list) list.push(b);
        else byNode.set(leader, [b]);
        sizeByNode.set(leader, size + b.sizeBytes);
      }
    }
    for (const [nodeId, batches] of byNode) this.sendBatches(nodeId, batches);
    if (expired) for (const b of expired) this.expireBatch(b);
    if (needMetadata) {
      this.cluster.refreshMetadata().then(
        () => this.scheduleDrain(),
        () => setTimeout(() => this.scheduleDrain(), this.cluster.options.retryBackoffMs),
      );
    }
    const wait = Math.min(nextLinger, retryWait);
    if (wait !== Infinity && !this.lingerTimer) {
      this.lingerTimer = setTimeout(this.onLingerTimer, Math.max(1, wait));
    }
    this.notifyFlush();
  }

  private encodeBatch(b: ProducerBatch, q: PartitionQueue): Buffer {
    if (!b.encoded) {
      // a split or resequenced batch keeps the sequence it was given (batch-recovery.ts)
      if (this.idempotent && b.baseSequence < 0) {
        b.baseSequence = q.nextSequence;
        q.nextSequence = (q.nextSequence + b.count) & 0x7fffffff;
      }
      // a batch sent before (`attempts` already counts the send being prepared) was written from its
      // buffer, not copied into the request: encoding it again (new sequence or epoch) goes to a copy,
      // so a request still queued on a socket keeps its bytes
      if (b.attempts > 1) b.builder.detach();
      b.encoded = b.builder.build({
        compression: this.compression ?? 'none',
        producerId: this.idempotent ? Number(this.producerId) : -1,
        producerEpoch: this.idempotent ? this.producerEpoch : -1,
        baseSequence: this.idempotent ? b.baseSequence : -1,
        transactional: this.isTransactional,
      });
    }
    return b.encoded;
  }

  private sendBatches(nodeId: number, batches: ProducerBatch[]): void {
    const topics = new Map<string, Array<{ index: number; records: Buffer }>>();
    for (const b of batches) {
      b.state = 'inflight';
      b.attempts++;
      const records = this.encodeBatch(b, this.accumulator.queue(b.topic, b.partition));
      let list = topics.get(b.topic);
      if (!list) topics.set(b.topic, (list = []));
      list.push({ index: b.partition, records });
    }
    const request: ProduceRequest = {
      transactionalId: this.transactionalId,
      acks: this.acks,
      timeoutMs: this.cluster.options.requestTimeoutMs,
      topicData: [...topics].map(([name, partitionData]) => ({ name, partitionData })),
    };
    this.inFlightPerNode.set(nodeId, (this.inFlightPerNode.get(nodeId) ?? 0) + 1);
    const done = (): void => {
      this.inFlightPerNode.set(nodeId, (this.inFlightPerNode.get(nodeId) ?? 1) - 1);
      this.scheduleDrain();
    };
    this.cluster
      .connection(nodeId, 'produce')
      .then((conn: Connection) => {
        const version = Math.min(conn.versionFor(produceApi), MAX_PRODUCE_VERSION);
        return conn.request(produceApi, request, { version, noResponse: this.acks === 0 });
      })
      .then(
        (res: ProduceResponse | undefined) => {
          this.onProduceResponse(batches, res);
          done();
        },
        (err: unknown) => {
          this.cluster.resetConnections(nodeId);
          for (const b of batches) this.onBatchError(b, err instanceof Error ? err : new Error(String(err)));
          this.cluster.refreshMetadata().catch(() => undefined);
          done();
        },
      );
  }

  private onProduceResponse(batches: ProducerBatch[], res: ProduceResponse | undefined): void {
    for (const b of batches) {
      if (!res) {
        this.completeBatch(b, -1, -1);
        continue;
      }
      const p = res.responses.find((t) => t.name === b.topic)?.partitionResponses.find((x) => x.index === b.partition);
      if (!p) {
        this.onBatchError(b, new KafkaClientError(`no produce response for ${b.topic}-${b.partition}`, { code: 'INVALID_RESPONSE' }));
        continue;
      }
      if (p.errorCode === 0) {
        this.completeBatch(b, Number(p.baseOffset), p.logAppendTimeMs !== undefined ? Number(p.logAppendTimeMs) : -1);
      } else if (p.errorCode === 46) {
        // DUPLICATE_SEQUENCE_NUMBER: an earlier attempt was written; the offset is not known here.
        this.completeBatch(b, -1, -1);
      } else {
        const err = brokerError(p.errorCode, `produce to ${b.topic}-${b.partition}`, p.errorMessage);
        if (METADATA_REFRESH_CODES.has(p.errorCode)) this.cluster.refreshMetadata().catch(() => undefined);
        this.onBatchError(b, err);
      }
    }
  }

  private completeBatch(b: ProducerBatch, baseOffset: number, logAppendTime: number): void {
    b.state = 'done';
    b.encoded = undefined;
    b.forEachAck((ack, i) => {
      if (ack !== undefined && typeof ack !== 'function') {
        ack.resolve({
          topic: b.topic,
          partition: b.partition,
          offset: baseOffset < 0 ? -1 : baseOffset + i,
          timestamp: logAppendTime >= 0 ? logAppendTime : ack.timestamp,
        });
      }
    });
    this.accumulator.pendingRecords -= b.count;
    RecordAccumulator.prune(this.accumulator.queue(b.topic, b.partition));
  }

  private failBatch(b: ProducerBatch, err: Error): void {
    if (b.state === 'done') return;
    b.state = 'done';
    b.encoded = undefined;
    b.forEachAck((ack, i) => this.failRecord(ack, err, b, i));
    this.accumulator.pendingRecords -= b.count;
    RecordAccumulator.prune(this.accumulator.queue(b.topic, b.partition));
  }

  private onBatchError(b: ProducerBatch, err: Error): void {
    if (err instanceof ProducerFencedError) {
      this.failBatch(b, err);
      this.setFatal(err);
      return;
    }
    const retriable =
      (err instanceof KafkaClientError && (err.retriable || (err.errorCode === 45 && this.idempotent))) && !this.closed;
    const expired = Date.now() - b.createdMs > this.deliveryTimeoutMs;
    if (retriable && !expired) {
      b.state = 'ready';
      b.retryAtMs = Date.now() + backoffDelay(this.cluster.options, b.attempts - 1);
      return;
    }
    const q = this.accumulator.queue(b.topic, b.partition);
    const code = err instanceof KafkaClientError ? err.errorCode : undefined;
    if (code === MESSAGE_TOO_LARGE && !this.closed && splitInQueue(q, b)) {
      this.scheduleDrain(); // the halves go out again: only an oversized record fails, alone
      return;
    }
    const notWritten = certainlyNotWritten(code, b);
    if (this.idempotent && !this.isTransactional && notWritten) resequenceAfter(q, b); // before failBatch prunes it
    this.failBatch(b, err);
    if (this.idempotent && !this.isTransactional && !notWritten) {
      // Maybe written: later batches of the partition carry sequences after the failed one and cannot succeed.
      for (const later of q.batches) if (later.state !== 'done' && later.state !== 'inflight') this.failBatch(later, err);
      q.nextSequence = 0;
      this.producerId = -1n;
      this.initProducerId().catch((e: unknown) => this.setFatal(e instanceof Error ? e : new Error(String(e))));
    } else if (this.isTransactional) {
      this.txnState = 'fatal';
      this.fatalError ??= err;
    }
  }

  private expireBatch(b: ProducerBatch): void {
    if (b.state === 'done') return;
    const err = new KafkaClientError(
      `${b.count} record(s) for ${b.topic}-${b.partition} expired: not delivered within deliveryTimeoutMs=${this.deliveryTimeoutMs}` +
        (b.attempts === 0 ? ' (no leader for the partition)' : ` after ${b.attempts} attempt(s)`),
      { code: 'DELIVERY_TIMEOUT', retriable: true },
    );
    this.onBatchError(b, err);
  }

  private setFatal(err: Error): void {
    this.fatalError ??= err;
    this.txnState = 'fatal';
    this.failAll(err);
  }

  private failAll(err: Error): void {
    for (const q of this.accumulator.queues.values()) for (const b of [...q.batches]) if (b.state !== 'inflight') this.failBatch(b, err);
    this.notifyFlush();
  }

  private notifyFlush(): void {
    if (this.accumulator.pendingRecords === 0 && this.waitingForMetadata === 0) {
      const waiters = this.flushWaiters.splice(0);
      for (const w of waiters) w();
    }
  }

  /** Sends everything buffered and waits for every acknowledgement. Throws the first failure of `produce()` records. */
  async flush(): Promise<void> {
    this.flushing++;
    try {
      if (this.accumulator.pendingRecords > 0 || this.waitingForMetadata > 0) {
        const p = new Promise<void>((res) => this.flushWaiters.push(res));
        this.scheduleDrain();
        await p;
      }
    } finally {
      this.flushing--;
    }
    const err = this.unreportedError;
    this.unreportedError = undefined;
    if (err) throw err;
    if (this.fatalError) throw this.fatalError;
  }

  // ---- idempotence and transactions ----

  private async coordinatorRequest<T>(fn: (conn: Connection) => Promise<T>): Promise<T> {
    const nodeId = await this.cluster.findCoordinator(this.transactionalId!, 1);
    return fn(await this.cluster.connection(nodeId, 'group'));
  }

  /** Retries `fn` while the coordinator is loading/moving or a previous transaction is completing. */
  private async retryTxn<T>(what: string, fn: () => Promise<{ errorCode: number } & T>): Promise<T> {
    for (let attempt = 0; ; attempt++) {
      let res: { errorCode: number } & T;
      try {
        res = await fn();
      } catch (err) {
        if (err instanceof KafkaClientError && err.retriable && attempt < 20 && !this.closed) {
          await sleep(backoffDelay(this.cluster.options, attempt));
          continue;
        }
        throw err;
      }
      if (res.errorCode === 0) return res;
      const err = brokerError(res.errorCode, what);
      const retry = COORDINATOR_CODES.has(res.errorCode) || res.errorCode === 51 || err.retriable;
      if (!retry || attempt >= 20 || this.closed) throw err;
      await sleep(backoffDelay(this.cluster.options, attempt));
    }
  }

  private async initProducerId(): Promise<void> {
    const request = { transactionalId: this.transactionalId, transactionTimeoutMs: this.transactionTimeoutMs, producerId: -1n, producerEpoch: -1 };
    const res = await this.retryTxn('InitProducerId', () =>
      this.isTransactional
        ? this.coordinatorRequest((c) => c.request(initProducerIdApi, request))
        : this.cluster.anyConnection().then((c) => c.request(initProducerIdApi, request)),
    );
    this.producerId = res.producerId;
    this.producerEpoch = res.producerEpoch;
    for (const q of this.accumulator.queues.values()) q.nextSequence = 0;
  }

  /** Gets the producer id and epoch for the transactional id, fencing older producers with the same id. */
  async initTransactions(): Promise<void> {
    if (!this.isTransactional) throw new ConfigError('initTransactions() needs transactionalId');
    await this.connect();
    await this.initProducerId();
    this.txnState = 'ready';
  }

  beginTransaction(): void {
    this.checkNotFatal();
    if (this.txnState !== 'ready') throw new TransactionStateError(`beginTransaction() in state ${this.txnState}`);
    this.txnState = 'in-transaction';
  }

  private checkNotFatal(): void {
    if (this.fatalError) throw this.fatalError;
  }

  private async addPartitionsToTxn(): Promise<void> {
    const queues = [...this.txnPartitionsToAdd];
    this.txnPartitionsToAdd.clear();
    const topics = new Map<string, number[]>();
    for (const q of queues) {
      const l = topics.get(q.topic);
      if (l) l.push(q.partition);
      else topics.set(q.topic, [q.partition]);
    }
    const data = [...topics].map(([name, partitions]) => ({ name, partitions }));
    for (let attempt = 0; ; attempt++) {
      const res = await this.coordinatorRequest((c) =>
        c.request(
          addPartitionsToTxnApi,
          {
            v3AndBelowTransactionalId: this.transactionalId!,
            v3AndBelowProducerId: this.producerId,
            v3AndBelowProducerEpoch: this.producerEpoch,
            v3AndBelowTopics: data,
          },
          { version: Math.min(c.versionFor(addPartitionsToTxnApi), MAX_ADD_PARTITIONS_VERSION) },
        ),
      );
      let code = res.errorCode ?? 0;
      for (const t of res.resultsByTopicV3AndBelow ?? []) for (const p of t.resultsByPartition) if (p.partitionErrorCode !== 0 && code === 0) code = p.partitionErrorCode;
      if (code === 0) break;
      const err = brokerError(code, 'AddPartitionsToTxn');
      if ((COORDINATOR_CODES.has(code) || code === 51 || err.retriable) && attempt < 20) {
        await sleep(backoffDelay(this.cluster.options, attempt));
        continue;
      }
      throw err;
    }
    for (const q of queues) q.inTransaction = true;
  }

  private onTxnError(err: unknown): void {
    const e = err instanceof Error ? err : new Error(String(err));
    if (e instanceof ProducerFencedError) this.setFatal(e);
    else {
      // The transaction cannot commit: fail its records, the application must abort.
      this.fatalError ??= e;
      this.failAll(e);
    }
  }

  /**
   * Adds consumed offsets to the transaction: they are committed for the group when the transaction
   * commits. `groupMetadata` (from `consumer.groupMetadata()`) lets the coordinator fence zombie members.
   */
  async sendOffsetsToTransaction(offsets: readonly TopicPartitionOffset[], groupMetadata: ConsumerGroupMetadata): Promise<void> {
    this.checkNotFatal();
    if (this.txnState !== 'in-transaction') throw new TransactionStateError(`sendOffsetsToTransaction() in state ${this.txnState}`);
    try {
      await this.retryTxn('AddOffsetsToTxn', () =>
        this.coordinatorRequest((c) =>
          c.request(addOffsetsToTxnApi, {
            transactionalId: this.transactionalId!,
            producerId: this.producerId,
            producerEpoch: this.producerEpoch,
            groupId: groupMetadata.groupId,
          }),
        ),
      );
      this.offsetsAdded = true;
      const topics = new Map<string, Array<{ partitionIndex: number; committedOffset: bigint; committedLeaderEpoch: number; committedMetadata: string | null }>>();
      for (const o of offsets) {
        let l = topics.get(o.topic);
        if (!l) topics.set(o.topic, (l = []));
        l.push({ partitionIndex: o.partition, committedOffset: BigInt(o.offset), committedLeaderEpoch: o.leaderEpoch ?? -1, committedMetadata: o.metadata ?? '' });
      }
      for (let attempt = 0; ; attempt++) {
        const nodeId = await this.cluster.findCoordinator(groupMetadata.groupId, 0);
        const conn = await this.cluster.connection(nodeId, 'group');
        const version = conn.versionFor(txnOffsetCommitApi);
        const res = await conn.request(
          txnOffsetCommitApi,
          {
            transactionalId: this.transactionalId!,
            groupId: groupMetadata.groupId,
            producerId: this.producerId,
            producerEpoch: this.producerEpoch,
            // v3+ (Kafka 2.5+, KIP-447) lets the coordinator fence zombie members; older brokers only know the group id.
            ...(version >= 3
              ? { generationId: groupMetadata.generationId, memberId: groupMetadata.memberId, groupInstanceId: groupMetadata.groupInstanceId }
              : {}),
            topics: [...topics].map(([name, partitions]) => ({ name, partitions })),
          },
          { version },
        );
        let code = 0;
        for (const t of res.topics) for (const p of t.partitions) if (p.errorCode !== 0) code = p.errorCode;
        if (code === 0) return;
        const err = brokerError(code, 'TxnOffsetCommit');
        if ((COORDINATOR_CODES.has(code) || code === 51 || err.retriable) && attempt < 20) {
          await sleep(backoffDelay(this.cluster.options, attempt));
          continue;
        }
        throw err;
      }
    } catch (err) {
      if (err instanceof ProducerFencedError) this.setFatal(err);
      throw err;
    }
  }

  /** Flushes, then commits the transaction. */
  async commitTransaction(): Promise<void> {
    this.checkNotFatal();
    if (this.txnState !== 'in-transaction') throw new TransactionStateError(`commitTransaction() in state ${this.txnState}`);
    await this.flush();
    await this.addingPartitions;
    this.txnState = 'committing';
    await this.endTxn(true);
  }

  /** Drops unsent records, waits for in-flight ones, and aborts the transaction. */
  async abortTransaction(): Promise<void> {
    if (this.fatalError instanceof ProducerFencedError) throw this.fatalError;
    if (this.txnState !== 'in-transaction' && this.txnState !== 'fatal') throw new TransactionStateError(`abortTransaction() in state ${this.txnState}`);
    const aborted = new TransactionStateError('transaction aborted');
    for (const q of this.accumulator.queues.values()) for (const b of [...q.batches]) if (b.state !== 'inflight') this.failBatch(b, aborted);
    this.unreportedError = undefined;
    await this.flush().catch(() => undefined);
    await this.addingPartitions;
    this.fatalError = undefined;
    this.unreportedError = undefined;
    this.txnState = 'aborting';
    await this.endTxn(false);
  }

  private async endTxn(committed: boolean): Promise<void> {
    const anyAdded = [...this.accumulator.queues.values()].some((q) => q.inTransaction) || this.offsetsAdded;
    try {
      if (anyAdded) {
        await this.retryTxn('EndTxn', () =>
          this.coordinatorRequest((c) =>
            c.request(
              endTxnApi,
              { transactionalId: this.transactionalId!, producerId: this.producerId, producerEpoch: this.producerEpoch, committed },
              { version: Math.min(c.versionFor(endTxnApi), MAX_END_TXN_VERSION) },
            ),
          ),
        );
      }
    } catch (err) {
      if (err instanceof ProducerFencedError) this.setFatal(err);
      else this.txnState = committed ? 'in-transaction' : 'fatal';
      throw err;
    }
    for (const q of this.accumulator.queues.values()) q.inTransaction = false;
    this.offsetsAdded = false;
    this.txnState = 'ready';
  }

  private offsetsAdded = false;

  /** Flushes (unless `force`), then closes every connection. */
  async close(options: { force?: boolean } = {}): Promise<void> {
    if (this.closed) return;
    if (!options.force && !this.fatalError) await this.flush().catch(() => undefined);
    this.closed = true;
    if (this.lingerTimer) clearTimeout(this.lingerTimer);
    this.failAll(new ClientClosedError('producer closed'));
    this.cluster.close();
  }
}
