import type { Record } from '../processor/record.js';
import type { Serializer } from '../serdes/serde.js';
import type { TopicNameExtractor } from '../processor/topic-name-extractor.js';
import type { StreamPartitioner } from '../processor/stream-partitioner.js';
import { StreamsError } from '../errors/streams-error.js';
import type { ProcessorContextImpl } from './processor-context-impl.js';
import { ProcessorNode } from './processor-node.js';

/** Exit node: serializes records and hands them to the record collector (`SinkNode`). */
export class SinkNode extends ProcessorNode {
  private keySerializer: Serializer<unknown> | undefined;
  private valueSerializer: Serializer<unknown> | undefined;
  private task: ProcessorContextImpl | undefined;

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
    this.keySerializer ??= task.keySerde;
    this.valueSerializer ??= task.valueSerde;
    if (this.keySerializer === undefined || this.valueSerializer === undefined) {
      throw new StreamsError(
        `sink ${this.name} has no ${this.keySerializer === undefined ? 'key' : 'value'} serializer: ` +
          "pass one to addSink or set 'default.key.serde' / 'default.value.serde'",
        { code: 'MISSING_SERDE' },
      );
    }
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
    let keyBytes: Buffer | null;
    let valueBytes: Buffer | null;
    try {
      keyBytes = this.keySerializer!.serialize(topic, key, headers);
      valueBytes = this.valueSerializer!.serialize(topic, value, headers);
    } catch (cause) {
      throw new StreamsError(
        `sink ${this.name} could not serialize a record for topic ${topic}: ${cause instanceof Error ? cause.message : String(cause)}`,
        { code: 'SERIALIZATION', cause },
      );
    }
    const collector = task.recordCollector;
    if (this.partitioner === undefined) {
      collector.send({ topic, key: keyBytes, value: valueBytes, timestamp, headers });
      return;
    }
    const numPartitions = collector.partitionsFor?.(topic);
    if (numPartitions === undefined) {
      throw new StreamsError(`could not get the partition count of topic ${topic}`, { code: 'UNKNOWN_TOPIC', retriable: true });
    }
    const chosen = this.partitioner(topic, key, value, numPartitions);
    if (chosen === undefined) {
      collector.send({ topic, key: keyBytes, value: valueBytes, timestamp, headers });
    } else if (typeof chosen === 'number') {
      collector.send({ topic, key: keyBytes, value: valueBytes, timestamp, headers, partition: chosen });
    } else {
      for (const partition of new Set(chosen)) {
        collector.send({ topic, key: keyBytes, value: valueBytes, timestamp, headers, partition });
      }
    }
  }
}
