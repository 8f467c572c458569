import type { RecordContext } from './record-context.js';

/** Chooses the output topic of each record for a sink with dynamic routing (`TopicNameExtractor`). */
export type TopicNameExtractor<K, V> = (key: K, value: V, recordContext: RecordContext) => string;
