import { Headers, type Header } from '../processor/headers.js';

/**
 * A record as fetched from a topic partition: bytes plus its position and timestamp. A consumer
 * record is one as it is (no copy per record): its headers stay the fetched array until the record
 * is deserialized, which gives it its own `Headers` (see `headersOf`).
 */
export interface RawRecord {
  readonly topic: string;
  readonly partition: number;
  readonly offset: number;
  readonly timestamp: number;
  readonly key: Buffer | null;
  readonly value: Buffer | null;
  readonly headers: Headers | readonly Header[];
}

/** A record's headers as a `Headers` (a new one when the record carries the fetched array). */
export function headersOf(h: Headers | readonly Header[]): Headers {
  if (h instanceof Headers) return h;
  return h.length === 0 ? new Headers() : new Headers(h);
}

/** A topic partition of a task's input. */
export interface TopicPartition {
  readonly topic: string;
  readonly partition: number;
}

export function topicPartitionKey(tp: TopicPartition): string {
  return `${tp.topic}-${tp.partition}`;
}
