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

  /** the key in `data[start, start + length)` (length -1: a null key) */
  deserializeKey(topic: string, data: Buffer | null, start: number, length: number, headers: Headers): unknown {
    return deserializeFrom(this.keyDeserializer!, topic, data, start, length, headers);
  }

  /** the value in `data[start, start + length)` (length -1: a null value) */
  deserializeValue(topic: string, data: Buffer | null, start: number, length: number, headers: Headers): unknown {
    return deserializeFrom(this.valueDeserializer!, topic, data, start, length, headers);
  }

  override process(record: Record<unknown, unknown>): void {
    this.context!.task.forward(this, record);
  }
}

/** Deserializes bytes inside a larger buffer: in place when the deserializer can, else from a view over them. */
function deserializeFrom(d: Deserializer<unknown>, topic: string, data: Buffer | null, start: number, length: number, headers: Headers): unknown {
  if (data === null || length < 0) return d.deserialize(topic, null, headers);
  if (start === 0 && length === data.length) return d.deserialize(topic, data, headers);
  if (d.deserializeRange !== undefined) return d.deserializeRange(topic, data, start, length, headers);
  return d.deserialize(topic, data.subarray(start, start + length), headers);
}
