import type { Headers } from '../processor/headers.js';

/** Turns a value into bytes for a topic. `null` stays `null` (a tombstone or an absent key). */
export interface Serializer<T> {
  serialize(topic: string, data: T | null, headers?: Headers): Buffer | null;
}

/** Turns bytes read from a topic back into a value. `null` bytes give `null`. */
export interface Deserializer<T> {
  deserialize(topic: string, data: Buffer | null, headers?: Headers): T | null;
  /**
   * Optional (as Kafka's `deserialize(topic, headers, ByteBuffer)`, KIP-863): deserializes the bytes
   * `data[start, start + length)` of a larger buffer, which saves the runtime a view over them. It must
   * give what `deserialize(topic, data.subarray(start, start + length), headers)` gives.
   */
  deserializeRange?(topic: string, data: Buffer, start: number, length: number, headers?: Headers): T | null;
}

/** A serializer and deserializer pair for one type (Kafka's `Serde<T>`). */
export interface Serde<T> extends Serializer<T>, Deserializer<T> {}
