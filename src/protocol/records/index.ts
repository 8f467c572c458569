// Public API of record batches (magic v2): encode, lazy decode, validation and in-place rewrites for the
// broker, control records (transaction markers), compression codecs and CRC-32C.

export {
  CompressionCodec,
  TimestampType,
  MAGIC_V2,
  BATCH_HEADER_SIZE,
  LOG_OVERHEAD,
  NO_PRODUCER_ID,
  NO_PRODUCER_EPOCH,
  NO_SEQUENCE,
  NO_PARTITION_LEADER_EPOCH,
  NO_TIMESTAMP,
  type CompressionCodecId,
  type CompressionName,
  type TimestampTypeId,
} from './constants.js';
export { RecordBatchError, type RecordBatchErrorCode } from './errors.js';
export type { RecordHeader } from './types.js';
export { encodeRecordBatch, type RecordInput, type EncodeRecordBatchOptions } from './encode.js';
export { RecordBatchBuilder, type BuildRecordBatchOptions } from './batch-builder.js';
export { RecordBatch } from './record-batch.js';
export { RecordView, type DecodedRecord } from './record-view.js';
export { readRecordBatches, type RecordBatches, type PartialBatch } from './read-batches.js';
export {
  validateRecordBatch,
  setBaseOffset,
  setPartitionLeaderEpoch,
  setLogAppendTime,
  batchSizeAt,
  type ValidateRecordBatchOptions,
  type RecordBatchSummary,
} from './validate.js';
export {
  ControlRecordType,
  UNKNOWN_CONTROL_RECORD_TYPE,
  encodeControlRecordKey,
  encodeEndTxnMarkerValue,
  encodeEndTxnMarkerBatch,
  readControlRecordType,
  readEndTxnMarker,
  type EndTxnMarker,
  type EncodeEndTxnMarkerOptions,
} from './control.js';
export { compressionCodec, compressionId, type CompressionCodecImpl } from './compression/index.js';
export { crc32c, crc32cImplementation } from './crc32c.js';
