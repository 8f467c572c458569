import type { Serializer } from '../streams/serdes/serde.js';
import { Headers } from '../streams/processor/headers.js';
import { TestRecord, type KeyValuePair } from './test-record.js';

/** What a `TestInputTopic` needs from its driver. */
export interface InputTopicDriver {
  pipeRawRecord(topic: string, timestamp: number, key: Buffer | null, value: Buffer | null, headers: Headers): void;
  wallClockTimeMs(): number;
}

export interface InputTopicOptions {
  /** time of the first record piped without a timestamp (default: the driver's wall clock) */
  startTimestamp?: number | Date;
  /** added to the topic's time after each record piped without a timestamp (default 0) */
  autoAdvanceMs?: number;
}

/**
 * An input topic of a `TopologyTestDriver` (Kafka Streams' `TestInputTopic`): pipes typed records,
 * each processed completely (including what it causes on internal topics) before the call returns.
 */
export class TestInputTopic<K, V> {
  private currentTime: number;
  private readonly advanceMs: number;

  constructor(
    private readonly driver: InputTopicDriver,
    readonly topic: string,
    private readonly keySerializer: Serializer<K>,
    private readonly valueSerializer: Serializer<V>,
    options: InputTopicOptions = {},
  ) {
    const start = options.startTimestamp;
    this.currentTime = start === undefined ? driver.wallClockTimeMs() : start instanceof Date ? start.getTime() : start;
    this.advanceMs = options.autoAdvanceMs ?? 0;
    if (this.advanceMs < 0) throw new RangeError('autoAdvanceMs must be >= 0');
  }

  /** moves the topic's time forward (for records piped without a timestamp) */
  advanceTime(ms: number): void {
    if (ms < 0) throw new RangeError('advance must be >= 0');
    this.currentTime += ms;
  }

  private nextTime(): number {
    const t = this.currentTime;
    this.currentTime += this.advanceMs;
    return t;
  }

  /** pipes one record; without a timestamp it gets the topic's time (which then auto-advances) */
  pipeInput(key: K | null, value: V | null, timestamp?: number | Date): void {
    this.pipeRecord(new TestRecord(key, value, { timestamp }));
  }

  /** pipes a value with a null key */
  pipeValue(value: V | null, timestamp?: number | Date): void {
    this.pipeInput(null, value, timestamp);
  }

  pipeRecord(record: TestRecord<K, V>, timestamp?: number | Date): void {
    const ts = timestamp instanceof Date ? timestamp.getTime() : (timestamp ?? record.timestamp ?? this.nextTime());
    const headers = record.headers;
    const key = this.keySerializer.serialize(this.topic, record.key, headers);
    const value = this.valueSerializer.serialize(this.topic, record.value, headers);
    this.driver.pipeRawRecord(this.topic, ts, key, value, headers);
  }

  pipeKeyValueList(pairs: readonly KeyValuePair<K, V>[], options: { startTimestamp?: number | Date; advanceMs?: number } = {}): void {
    if (options.startTimestamp === undefined) {
      for (const p of pairs) this.pipeInput(p.key, p.value);
      return;
    }
    let t = options.startTimestamp instanceof Date ? options.startTimestamp.getTime() : options.startTimestamp;
    for (const p of pairs) {
      this.pipeInput(p.key, p.value, t);
      t += options.advanceMs ?? 0;
    }
  }

  pipeValueList(values: readonly (V | null)[]): void {
    for (const v of values) this.pipeValue(v);
  }

  pipeRecordList(records: readonly TestRecord<K, V>[]): void {
    for (const r of records) this.pipeRecord(r);
  }

  /** pipes a record with headers */
  pipeWithHeaders(key: K | null, value: V | null, headers: Headers | Iterable<{ key: string; value: Buffer | string | null }>, timestamp?: number): void {
    const h = headers instanceof Headers ? headers : new Headers();
    if (!(headers instanceof Headers)) for (const x of headers) h.add(x.key, x.value);
    this.pipeRecord(new TestRecord(key, value, { headers: h, timestamp }));
  }

  toString(): string {
    return `TestInputTopic[topic='${this.topic}']`;
  }
}
