/**
 * Kafka's `metrics.recording.level`: INFO records the few metrics that cost nothing noticeable,
 * DEBUG adds per-task, per-node and per-store metrics, TRACE adds store end-to-end latency.
 * Sensors above the configured level are never created, so they cost nothing when off.
 */
export type RecordingLevel = 'INFO' | 'DEBUG' | 'TRACE';

const ORDER: Readonly<Record<RecordingLevel, number>> = { INFO: 0, DEBUG: 1, TRACE: 2 };

/** whether metrics of `level` are recorded when the configured level is `configured` */
export function shouldRecord(configured: RecordingLevel, level: RecordingLevel): boolean {
  return ORDER[level] <= ORDER[configured];
}

/** reads `metrics.recording.level` (default INFO); throws on an unknown value */
export function parseRecordingLevel(value: unknown): RecordingLevel {
  if (value === undefined || value === null) return 'INFO';
  const upper = String(value).toUpperCase();
  if (upper === 'INFO' || upper === 'DEBUG' || upper === 'TRACE') return upper;
  throw new Error(`metrics.recording.level must be INFO, DEBUG or TRACE, not ${String(value)}`);
}
