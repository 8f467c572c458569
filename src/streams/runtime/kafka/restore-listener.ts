// Kafka Streams' StateRestoreListener: progress of restoring a store from its changelog partition.
export interface StateRestoreListener {
  onRestoreStart?(partition: { topic: string; partition: number }, storeName: string, startingOffset: number, endingOffset: number): void;
  /** after each batch: `batchEndOffset` is the offset of its last record, `numRestored` its own count */
  onBatchRestored?(partition: { topic: string; partition: number }, storeName: string, batchEndOffset: number, numRestored: number): void;
  onRestoreEnd?(partition: { topic: string; partition: number }, storeName: string, totalRestored: number): void;
}
