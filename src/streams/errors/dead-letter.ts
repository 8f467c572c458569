import { Headers } from '../processor/headers.js';

/**
 * Header names of a dead-letter record, as Kafka Streams writes them (KIP-1034): the error's class
 * name, message and stack trace, and where the failed input record came from.
 */
export const DLQ_HEADERS = {
  exception: '__streams.errors.exception',
  message: '__streams.errors.message',
  stacktrace: '__streams.errors.stacktrace',
  topic: '__streams.errors.topic',
  partition: '__streams.errors.partition',
  offset: '__streams.errors.offset',
  /** not in Kafka: the node that failed and its task, to find the cause faster */
  processorNode: '__streams.errors.processor.node.id',
  taskId: '__streams.errors.task.id',
} as const;

/** the failed input record and where the failure happened */
export interface DeadLetterSource {
  readonly key: Buffer | null;
  readonly value: Buffer | null;
  readonly timestamp: number;
  readonly headers: Headers | undefined;
  /** null when there is no input record (a punctuation) */
  readonly topic: string | null;
  readonly partition: number;
  readonly offset: number;
  readonly processorNode: string;
  readonly taskId: string;
}

/** The dead-letter copy of a failed record: its raw bytes, timestamp and headers, plus the error headers. */
export function deadLetterRecord(
  dlqTopic: string,
  source: DeadLetterSource,
  error: unknown,
): { topic: string; key: Buffer | null; value: Buffer | null; timestamp: number; headers: Headers } {
  const headers = new Headers(source.headers);
  const e = error instanceof Error ? error : new Error(String(error));
  headers.add(DLQ_HEADERS.exception, e.name);
  headers.add(DLQ_HEADERS.message, e.message);
  headers.add(DLQ_HEADERS.stacktrace, e.stack ?? '');
  if (source.topic !== null) {
    headers.add(DLQ_HEADERS.topic, source.topic);
    headers.add(DLQ_HEADERS.partition, String(source.partition));
    headers.add(DLQ_HEADERS.offset, String(source.offset));
  }
  headers.add(DLQ_HEADERS.processorNode, source.processorNode);
  headers.add(DLQ_HEADERS.taskId, source.taskId);
  return { topic: dlqTopic, key: source.key, value: source.value, timestamp: source.timestamp, headers };
}
