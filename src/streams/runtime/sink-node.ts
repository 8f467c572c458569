import type { Headers } from '../processor/headers.js';
import type { Record } from '../processor/record.js';
import type { Serializer } from '../serdes/serde.js';
import type { TopicNameExtractor } from '../processor/topic-name-extractor.js';
import type { StreamPartitioner } from '../processor/stream-partitioner.js';
import { StreamsError } from '../errors/streams-error.js';
import type { ProcessorContextImpl } from './processor-context-impl.js';
import { ProcessorNode } from './processor-node.js';
import { canSendFields, type DirectSendCollector } from './direct-send.js';
import { StringSerde } from '../serdes/primitive-serdes.js';

/** Exit node: serializes records and hands them to the record collector (`SinkNode`). */
export class SinkNode extends ProcessorNode {
  private keySerializer: Serializer<unknown> | undefined;
  private valueSerializer: Serializer<unknown> | undefined;
  private task: ProcessorContextImpl | undefined;
  /** the task's collector when it takes a record's fields directly (no record object per send) */
  private direct: DirectSendCollector | null = null;
  /**
   * The key serializer is the String serde's own and the collector is direct: a string key goes down
   * as is and the producer writes its UTF-8 bytes (the serde's very bytes) with no Buffer per record.
   */
  private stringKeys = false;

  constructor(
    name: string,
    /** a fixed topic (already decorated if internal), or an extractor choosing one per record */
    readonly topic: string | TopicNameExtractor<unknown, unknown>,
    options: {
      keySerializer?: Serializer<unknown> | undefined;
      valueSerializer?: Serializer<unknown> | undefined;
      partitioner?: StreamPartitioner<unknown, unknown> | undefined;
    },
  ) {
    super(name);
    this.keySerializer = options.keySerializer;
    this.valueSerializer = options.valueSerializer;
    this.partitioner = options.partitioner;
  }

  readonly partitioner: StreamPartitioner<unknown, unknown> | undefined;

  override init(task: ProcessorContextImpl): void {
    super.init(task);
    this.task = task;
    this.direct = canSendFields(task.recordCollector) ? task.recordCollector : null;
    this.keySerializer ??= task.keySerde;
    this.valueSerializer ??= task.valueSerde;
    if (this.keySerializer === undefined || this.valueSerializer === undefined) {
      throw new StreamsError(
        `sink ${this.name} has no ${this.keySerializer === undefined ? 'key' : 'value'} serializer: ` +
          "pass one to addSink or set 'default.key.serde' / 'default.value.serde'",
        { code: 'MISSING_SERDE' },
      );
    }
    this.stringKeys = this.direct !== null && this.keySerializer.serialize === StringSerde.prototype.serialize;
  }

  override process(record: Record<unknown, unknown>): void {
    const task = this.task!;
    const { key, value, timestamp, headers } = record;
    let topic: string;
    if (typeof this.topic === 'string') {
      topic = this.topic;
    } else {
      const rc = task.recordContext();
      topic = this.topic(key, value, {
        timestamp,
        topic: rc === null ? null : rc.topic,
        partition: rc === null ? -1 : rc.partition,
        offset: rc === null ? -1 : rc.offset,
        headers,
      });
    }
    let keyBytes: Buffer | string | null;
    let valueBytes: Buffer | null;
    let origin: 'key' | 'value' = 'key';
    try {
      keyBytes = this.stringKeys && typeof key === 'string' ? key : this.keySerializer!.serialize(topic, key, headers);
      origin = 'value';
      valueBytes = this.valueSerializer!.serialize(topic, value, headers);
    } catch (cause) {
      const error = new StreamsError(
        `sink ${this.name} could not serialize the ${origin} of a record for topic ${topic}: ${cause instanceof Error ? cause.message : String(cause)}`,
        { code: 'SERIALIZATION', cause },
      );
      const handle = task.productionErrorHandler;
      if (handle === null) throw error;
      // the production handler decides: throws to fail, returns to drop the record
      handle(error, { topic, key, value, timestamp, headers }, 'serialization', origin);
      return;
    }
    if (this.partitioner === undefined) {
      this.send(task, topic, keyBytes, valueBytes, timestamp, headers, undefined);
      return;
    }
    const numPartitions = task.recordCollector.partitionsFor?.(topic);
    if (numPartitions === undefined) {
      throw new StreamsError(`could not get the partition count of topic ${topic}`, { code: 'UNKNOWN_TOPIC', retriable: true });
    }
    const chosen = this.partitioner(topic, key, value, numPartitions);
    if (chosen === undefined) {
      this.send(task, topic, keyBytes, valueBytes, timestamp, headers, undefined);
    } else if (typeof chosen === 'number') {
      this.send(task, topic, keyBytes, valueBytes, timestamp, headers, chosen);
    } else {
      for (const partition of new Set(chosen)) {
        this.send(task, topic, keyBytes, valueBytes, timestamp, headers, partition);
      }
    }
  }

  /**
   * Hands a record to the collector (`partition` undefined: the default partitioner decides; a string
   * key only with a direct collector); a send that fails at once goes to the production handler.
   * Positional: no record object on the hot path.
   */
  private send(
    task: ProcessorContextImpl,
    topic: string,
    key: Buffer | string | null,
    value: Buffer | null,
    timestamp: number,
    headers: Headers,
    partition: number | undefined,
  ): void {
    try {
      const direct = this.direct;
      if (direct !== null) direct.sendFields(topic, key, value, timestamp, headers, partition);
      else task.recordCollector.send(partition === undefined ? { topic, key: key as Buffer | null, value, timestamp, headers } : { topic, key: key as Buffer | null, value, timestamp, headers, partition });
    } catch (error) {
      const handle = task.productionErrorHandler;
      if (handle === null || (error instanceof StreamsError && error.retriable)) throw error;
      const keyBytes = typeof key === 'string' ? Buffer.from(key, 'utf8') : key;
      handle(error, partition === undefined ? { topic, key: keyBytes, value, timestamp, headers } : { topic, key: keyBytes, value, timestamp, headers, partition }, 'send');
    }
  }
}
