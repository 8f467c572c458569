/** A record a windowed operator dropped because its window had already closed. */
export interface LateRecord {
  readonly key: unknown;
  readonly value: unknown;
  readonly timestamp: number;
  /** the closed window, as text: `[start,end)` for time windows, `[start,end]` for sliding and session windows */
  readonly window: string;
  /** the operator's stream time when the record arrived */
  readonly streamTime: number;
}

/**
 * The side output for late records (kstreams only; Kafka Streams just drops and counts them):
 * called for every late record, after it was counted in the dropped-records metric.
 */
export type LateRecordHandler = (record: LateRecord) => void;
