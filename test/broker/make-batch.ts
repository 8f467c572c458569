// Test helper: an uncompressed v2 record batch built with the records module's encoder.
import { encodeRecordBatch } from '../../src/protocol/records/index.js';

export interface TestRecord {
  key?: string;
  value: string;
  timestamp?: number;
}

export interface BatchOptions {
  producerId?: number;
  producerEpoch?: number;
  baseSequence?: number;
}

export function makeBatch(records: TestRecord[], options: BatchOptions = {}): Buffer {
  return encodeRecordBatch({
    records: records.map((r) => ({
      key: r.key === undefined ? null : Buffer.from(r.key),
      value: Buffer.from(r.value),
      timestamp: r.timestamp ?? 1_700_000_000_000,
    })),
    producerId: options.producerId ?? -1,
    producerEpoch: options.producerEpoch ?? -1,
    baseSequence: options.baseSequence ?? -1,
  });
}
