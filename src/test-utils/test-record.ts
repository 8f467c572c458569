import { Headers } from '../streams/processor/headers.js';

/** A record piped into or read from a test topic (Kafka Streams' `TestRecord`). */
export class TestRecord<K, V> {
  readonly key: K | null;
  readonly value: V | null;
  readonly headers: Headers;
  /** the record timestamp in ms; undefined when a piped record should take the topic's time */
  readonly timestamp: number | undefined;

  constructor(key: K | null, value: V | null, options: { timestamp?: number | Date | undefined; headers?: Headers | undefined } = {}) {
    this.key = key;
    this.value = value;
    this.headers = options.headers ?? new Headers();
    const ts = options.timestamp;
    this.timestamp = ts instanceof Date ? ts.getTime() : ts;
  }

  /** the timestamp as a Date (undefined when absent) */
  get recordTime(): Date | undefined {
    return this.timestamp === undefined ? undefined : new Date(this.timestamp);
  }

  toString(): string {
    return `TestRecord[key=${String(this.key)}, value=${String(this.value)}, headers=${this.headers.size}, recordTime=${this.timestamp}]`;
  }
}

/** A key and value pair as `readKeyValue` returns it (Kafka's `KeyValue`). */
export interface KeyValuePair<K, V> {
  readonly key: K | null;
  readonly value: V | null;
}
