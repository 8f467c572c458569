// The producer of one stream thread (Kafka Streams' StreamsProducer) and the record collector over it.
// At-least-once: a plain idempotent producer. Exactly-once v2 (KIP-447): one transactional producer per
// thread, transactional.id `<application.id>-<processId>-<threadIndex>`, that is always inside a
// transaction while the thread runs: `init()` gets the producer epoch (fencing an older incarnation of
// the same id) and begins the first transaction; `commitTransaction()` flushes the sends, adds the
// consumed offsets with the consumer's group metadata (generation and member id, so a zombie member is
// refused by the group coordinator) and commits, then begins the next one at once. Beginning is local to
// the client: the coordinator only hears of a transaction at its first send (AddPartitionsToTxn) or its
// offsets, so an idle thread costs nothing on the wire, and a commit with nothing in it sends no EndTxn.
// `reset()` replaces a fenced or failed producer with a new one (new epoch); the collector goes with it,
// so tasks created afterwards write through the new producer (tasks of the old one were closed dirty).
import { Producer, type ClientOptions, type ConsumerGroupMetadata } from '../../../client/index.js';
import { classifyProducerError } from './eos-errors.js';
import { KafkaRecordCollector } from './kafka-record-collector.js';

export interface StreamsProducerOptions {
  clientOptions: ClientOptions;
  clientId: string;
  partitionCounts: ReadonlyMap<string, number>;
  /** set under exactly-once v2: the thread's transactional.id */
  transactionalId?: string;
  transactionTimeoutMs?: number;
}

export interface OffsetToCommit {
  topic: string;
  partition: number;
  /** next offset to consume */
  offset: number;
}

export class StreamsProducer {
  private current: Producer;
  private currentCollector: KafkaRecordCollector;
  readonly transactional: boolean;
  /** producers created (1 + resets), for tests and logs */
  generations = 1;
  /** transactions committed with something in them (sends or offsets) */
  committedTransactions = 0;

  constructor(private readonly options: StreamsProducerOptions) {
    this.transactional = options.transactionalId !== undefined;
    this.current = this.newProducer();
    this.currentCollector = new KafkaRecordCollector(this.current, options.partitionCounts);
  }

  private newProducer(): Producer {
    const o = this.options;
    return new Producer({
      ...o.clientOptions,
      clientId: o.clientId,
      lingerMs: 5,
      batchSize: 131_072,
      allowAutoTopicCreation: false,
      ...(o.transactionalId === undefined ? {} : { transactionalId: o.transactionalId, transactionTimeoutMs: o.transactionTimeoutMs ?? 10_000 }),
    });
  }

  get producer(): Producer {
    return this.current;
  }

  /** the collector tasks write through (changes on `reset()`) */
  get collector(): KafkaRecordCollector {
    return this.currentCollector;
  }

  /** Exactly-once: gets the producer id and epoch (fencing older producers of the id), then begins a transaction. */
  async init(): Promise<void> {
    // the metadata of the topics it will write to, so that the first records go straight into batches
    await this.current.partitionsFor(this.options.partitionCounts.keys()).catch(() => undefined);
    if (!this.transactional) return;
    try {
      await this.current.initTransactions();
      this.current.beginTransaction();
    } catch (e) {
      throw classifyProducerError('initTransactions', e);
    }
  }

  /**
   * Exactly-once: commits what was sent since the last commit together with the consumed offsets, then
   * begins the next transaction. Failures come as TaskMigratedError / TaskCorruptedError.
   */
  async commitTransaction(offsets: readonly OffsetToCommit[], groupMetadata: () => ConsumerGroupMetadata): Promise<void> {
    const p = this.current;
    let step = 'flush';
    try {
      await this.currentCollector.flushAll();
      if (offsets.length > 0) {
        step = 'sendOffsetsToTransaction';
        await p.sendOffsetsToTransaction(offsets, groupMetadata());
      }
      step = 'commitTransaction';
      await p.commitTransaction();
      if (offsets.length > 0) this.committedTransactions++;
      p.beginTransaction();
    } catch (e) {
      throw classifyProducerError(step, e);
    }
  }

  /** Exactly-once: aborts the open transaction if the producer still can (not when fenced); never throws. */
  async abortQuietly(): Promise<boolean> {
    if (!this.transactional) return false;
    try {
      await this.current.abortTransaction();
      return true;
    } catch {
      return false;
    }
  }

  /** Exactly-once: drops the current producer and starts a new one (a new epoch) inside a new transaction. */
  async reset(): Promise<void> {
    const old = this.current;
    await old.close({ force: true }).catch(() => undefined);
    this.current = this.newProducer();
    this.currentCollector = new KafkaRecordCollector(this.current, this.options.partitionCounts);
    this.generations++;
    await this.init();
  }

  /** At-least-once: waits for every send (throws the first failure). */
  flush(): Promise<void> {
    return this.currentCollector.flushAll();
  }

  /** Closes the producer; `force` drops what is unsent (a crash, or after an abort). */
  async close(options: { force?: boolean } = {}): Promise<void> {
    await this.current.close(options).catch(() => undefined);
  }
}
