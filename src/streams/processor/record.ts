import { Headers } from './headers.js';

/**
 * An immutable record flowing through a topology (Kafka Streams' `api.Record`).
 * `withX` returns a new record that shares the other fields.
 */
export class Record<K, V> {
  readonly key: K;
  readonly value: V;
  readonly timestamp: number;
  readonly headers: Headers;

  constructor(key: K, value: V, timestamp: number, headers?: Headers) {
    if (timestamp < 0) throw new RangeError(`record timestamp must be >= 0, got ${timestamp}`);
    this.key = key;
    this.value = value;
    this.timestamp = timestamp;
    this.headers = headers ?? new Headers();
  }

  withKey<NK>(key: NK): Record<NK, V> {
    return new Record(key, this.value, this.timestamp, this.headers);
  }

  withValue<NV>(value: NV): Record<K, NV> {
    return new Record(this.key, value, this.timestamp, this.headers);
  }

  withTimestamp(timestamp: number): Record<K, V> {
    return new Record(this.key, this.value, timestamp, this.headers);
  }

  withHeaders(headers: Headers): Record<K, V> {
    return new Record(this.key, this.value, this.timestamp, headers);
  }
}
