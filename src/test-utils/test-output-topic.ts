import type { Deserializer } from '../streams/serdes/serde.js';
import type { Headers } from '../streams/processor/headers.js';
import { TestRecord, type KeyValuePair } from './test-record.js';

/** A record a topology produced, as the test driver captured it. */
export interface ProducedRecord {
  readonly topic: string;
  readonly partition: number;
  readonly key: Buffer | null;
  readonly value: Buffer | null;
  readonly timestamp: number;
  readonly headers: Headers;
}

/** What a `TestOutputTopic` needs from its driver. */
export interface OutputTopicDriver {
  readOutput(topic: string): ProducedRecord | undefined;
  outputQueueSize(topic: string): number;
}

/** No record left to read from a test output topic. */
export class NoSuchElementError extends Error {
  readonly code = 'NO_SUCH_ELEMENT';
  readonly retriable = false;
}

/**
 * An output topic of a `TopologyTestDriver` (Kafka Streams' `TestOutputTopic`): reads what the
 * topology wrote, in order, each record once.
 */
export class TestOutputTopic<K, V> {
  constructor(
    private readonly driver: OutputTopicDriver,
    readonly topic: string,
    private readonly keyDeserializer: Deserializer<K>,
    private readonly valueDeserializer: Deserializer<V>,
  ) {}

  readRecord(): TestRecord<K, V> {
    const r = this.driver.readOutput(this.topic);
    if (r === undefined) throw new NoSuchElementError(`Empty topic: ${this.topic}`);
    const key = this.keyDeserializer.deserialize(r.topic, r.key, r.headers);
    const value = this.valueDeserializer.deserialize(r.topic, r.value, r.headers);
    return new TestRecord(key, value, { timestamp: r.timestamp, headers: r.headers });
  }

  readValue(): V | null {
    return this.readRecord().value;
  }

  readKeyValue(): KeyValuePair<K, V> {
    const r = this.readRecord();
    return { key: r.key, value: r.value };
  }

  readRecordsToList(): TestRecord<K, V>[] {
    const out: TestRecord<K, V>[] = [];
    while (!this.isEmpty()) out.push(this.readRecord());
    return out;
  }

  readValuesToList(): (V | null)[] {
    return this.readRecordsToList().map((r) => r.value);
  }

  readKeyValuesToList(): KeyValuePair<K, V>[] {
    return this.readRecordsToList().map((r) => ({ key: r.key, value: r.value }));
  }

  /** the latest value per key (records without a key are skipped; a null value deletes the key) */
  readKeyValuesToMap(): Map<K, V> {
    const out = new Map<K, V>();
    for (const r of this.readRecordsToList()) {
      if (r.key === null) continue;
      if (r.value === null) out.delete(r.key);
      else out.set(r.key, r.value);
    }
    return out;
  }

  getQueueSize(): number {
    return this.driver.outputQueueSize(this.topic);
  }

  isEmpty(): boolean {
    return this.getQueueSize() === 0;
  }

  toString(): string {
    return `TestOutputTopic[topic='${this.topic}', size=${this.getQueueSize()}]`;
  }
}
