// Control records: transaction markers (COMMIT / ABORT) written by the transaction coordinator.
// Key: version int16 (0) + type int16. COMMIT/ABORT value: version int16 (0) + coordinatorEpoch int32.

import { encodeRecordBatch } from './encode.js';
import { RecordBatchError } from './errors.js';

export const ControlRecordType = {
  abort: 0,
  commit: 1,
  leaderChange: 2,
  snapshotHeader: 3,
  snapshotFooter: 4,
  kraftVersion: 5,
  kraftVoters: 6,
} as const;

/** Returned by readControlRecordType for a type this code does not know (readers ignore those). */
export const UNKNOWN_CONTROL_RECORD_TYPE = -1;

const CONTROL_KEY_SIZE = 4;
const END_TXN_VALUE_SIZE = 6;

export interface EndTxnMarker {
  type: 'commit' | 'abort';
  coordinatorEpoch: number;
}

export interface EncodeEndTxnMarkerOptions extends EndTxnMarker {
  producerId: number;
  producerEpoch: number;
  /** Append time of the marker (ms). */
  timestamp: number;
  /** Default 0; the broker sets it when appending. */
  baseOffset?: number;
  /** Default -1. */
  partitionLeaderEpoch?: number;
}

function invalid(message: string): RecordBatchError {
  return new RecordBatchError('INVALID_RECORD', message);
}

/** The 4-byte key of a control record of `type`. */
export function encodeControlRecordKey(type: number): Buffer {
  const key = Buffer.allocUnsafe(CONTROL_KEY_SIZE);
  key.writeInt16BE(0, 0);
  key.writeInt16BE(type, 2);
  return key;
}

/**
 * The type in a control record key (a ControlRecordType value, or UNKNOWN_CONTROL_RECORD_TYPE for types
 * this code does not know). Newer key versions are read as version 0. Throws INVALID_RECORD for a missing
 * or short key or a negative version.
 */
export function readControlRecordType(key: Buffer | null): number {
  if (key === null || key.length < CONTROL_KEY_SIZE) throw invalid(`control record key of ${key?.length ?? 'null'} bytes`);
  const version = key.readInt16BE(0);
  if (version < 0) throw invalid(`control record key version ${version}`);
  const type = key.readInt16BE(2);
  return type >= 0 && type <= ControlRecordType.kraftVoters ? type : UNKNOWN_CONTROL_RECORD_TYPE;
}

/** Encodes the value of a COMMIT/ABORT control record. */
export function encodeEndTxnMarkerValue(coordinatorEpoch: number): Buffer {
  const value = Buffer.allocUnsafe(END_TXN_VALUE_SIZE);
  value.writeInt16BE(0, 0);
  value.writeInt32BE(coordinatorEpoch, 2);
  return value;
}

/**
 * Reads a transaction marker from a control record; returns null when the record is a control record of
 * another (or unknown) type. Throws INVALID_RECORD for a malformed COMMIT/ABORT record.
 */
export function readEndTxnMarker(record: { key: Buffer | null; value: Buffer | null }): EndTxnMarker | null {
  const type = readControlRecordType(record.key);
  if (type !== ControlRecordType.commit && type !== ControlRecordType.abort) return null;
  const value = record.value;
  if (value === null || value.length < END_TXN_VALUE_SIZE) {
    throw invalid(`transaction marker value of ${value?.length ?? 'null'} bytes`);
  }
  const version = value.readInt16BE(0);
  if (version < 0) throw invalid(`transaction marker version ${version}`);
  return { type: type === ControlRecordType.commit ? 'commit' : 'abort', coordinatorEpoch: value.readInt32BE(2) };
}

/**
 * A complete control batch holding one COMMIT or ABORT marker: transactional + control attributes, no
 * compression, baseSequence -1, the transaction's producer id and epoch.
 */
export function encodeEndTxnMarkerBatch(options: EncodeEndTxnMarkerOptions): Buffer {
  return encodeRecordBatch({
    records: [
      {
        key: encodeControlRecordKey(options.type === 'commit' ? ControlRecordType.commit : ControlRecordType.abort),
        value: encodeEndTxnMarkerValue(options.coordinatorEpoch),
        timestamp: options.timestamp,
      },
    ],
    baseOffset: options.baseOffset ?? 0,
    partitionLeaderEpoch: options.partitionLeaderEpoch ?? -1,
    transactional: true,
    control: true,
    producerId: options.producerId,
    producerEpoch: options.producerEpoch,
  });
}
