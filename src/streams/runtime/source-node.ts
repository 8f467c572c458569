import type { Record } from '../processor/record.js';
import type { Headers } from '../processor/headers.js';
import type { Deserializer } from '../serdes/serde.js';
import type { TimestampExtractor } from '../processor/timestamp-extractor.js';
import { StreamsError } from '../errors/streams-error.js';
import type { ProcessorContextImpl } from './processor-context-impl.js';
import { ProcessorNode } from './processor-node.js';

/** Entry node of a topology: deserializes records of its topics and forwards them (`SourceNode`). */
export class SourceNode extends ProcessorNode {
  private keyDeserializer: Deserializer<unknown> | undefined;
  private valueDeserializer: Deserializer<unknown> | undefined;

  constructor(
    name: string,
    options: {
      keyDeserializer?: Deserializer<unknown> | undefined;
      valueDeserializer?: Deserializer<unknown> | undefined;
      timestampExtractor?: TimestampExtractor | undefined;
    },
  ) {
    super(name);
    this.keyDeserializer = options.keyDeserializer;
    this.valueDeserializer = options.valueDeserializer;
    this.timestampExtractor = options.timestampExtractor;
  }

  /** the source's own extractor; undefined means the application default */
  readonly timestampExtractor: TimestampExtractor | undefined;

  override init(task: ProcessorContextImpl): void {
    super.init(task);
    this.keyDeserializer ??= task.keySerde;
    this.valueDeserializer ??= task.valueSerde;
    if (this.keyDeserializer === undefined || this.valueDeserializer === undefined) {
      throw new StreamsError(
        `source ${this.name} has no ${this.keyDeserializer === undefined ? 'key' : 'value'} deserializer: ` +
          "pass one to addSource or set 'default.key.serde' / 'default.value.serde'",
        { code: 'MISSING_SERDE' },
      );
    }
  }

  deserializeKey(topic: string, data: Buffer | null, headers: Headers): unknown {
    return this.keyDeserializer!.deserialize(topic, data, headers);
  }

  deserializeValue(topic: string, data: Buffer | null, headers: Headers): unknown {
    return this.valueDeserializer!.deserialize(topic, data, headers);
  }

  override process(record: Record<unknown, unknown>): void {
    this.context!.task.forward(this, record);
  }
}
