import { createHash } from 'node:crypto';
import type { Serde } from '../../../serdes/serde.js';

/**
 * What a subscription asks of the foreign side (Kafka Streams' `SubscriptionWrapper.Instruction`):
 * - DELETE_KEY_NO_PROPAGATE: forget the subscription, send nothing back
 * - DELETE_KEY_AND_PROPAGATE: forget it and send back a null (the left row lost its match)
 * - PROPAGATE_NULL_IF_NO_FK_VAL_AVAILABLE: subscribe; answer with the foreign value or null
 * - PROPAGATE_ONLY_IF_FK_VAL_AVAILABLE: subscribe; answer only if the foreign row exists
 */
export enum Instruction {
  DELETE_KEY_NO_PROPAGATE = 0,
  DELETE_KEY_AND_PROPAGATE = 1,
  PROPAGATE_NULL_IF_NO_FK_VAL_AVAILABLE = 2,
  PROPAGATE_ONLY_IF_FK_VAL_AVAILABLE = 3,
}

/** A left row's subscription to a foreign key: the hash of its value, what to do, its key. */
export interface SubscriptionWrapper {
  readonly hash: Buffer | null;
  readonly instruction: Instruction;
  readonly primaryKey: unknown;
  readonly primaryPartition: number;
}

/** The foreign side's answer, sent back to the left row's partition. */
export interface SubscriptionResponseWrapper {
  /** the hash of the left value the subscription was made for: stale answers are dropped */
  readonly originalValueHash: Buffer | null;
  readonly foreignValue: unknown;
  readonly primaryPartition: number;
}

/**
 * The hash of a left value, to drop responses for values that changed meanwhile. Kafka uses
 * Murmur3-128 over the serialized value; this uses MD5 (also 128 bits, native in Node), so the
 * internal topics are not byte-compatible with a JVM application's (they never need to be).
 */
export function valueHash(bytes: Buffer | null): Buffer | null {
  return bytes === null ? null : createHash('md5').update(bytes).digest();
}

export function hashesEqual(a: Buffer | null, b: Buffer | null): boolean {
  if (a === null || b === null) return a === b;
  return a.equals(b);
}

const VERSION = 1;

/** Value serde of the subscription topic: version, instruction, hash, partition, primary key. */
export function subscriptionWrapperSerde(primaryKeySerde: Serde<unknown>): Serde<SubscriptionWrapper> {
  return {
    serialize(topic, data) {
      if (data === null || data === undefined) return null;
      const pk = primaryKeySerde.serialize(`${topic}-pk`, data.primaryKey) ?? Buffer.alloc(0);
      const hashLength = data.hash === null ? 0 : data.hash.length;
      const out = Buffer.allocUnsafe(1 + 1 + 1 + hashLength + 4 + pk.length);
      let o = out.writeUInt8(VERSION, 0);
      o = out.writeUInt8(data.instruction, o);
      o = out.writeUInt8(hashLength, o);
      if (data.hash !== null) o += data.hash.copy(out, o);
      o = out.writeInt32BE(data.primaryPartition, o);
      pk.copy(out, o);
      return out;
    },
    deserialize(topic, data) {
      if (data === null) return null as unknown as SubscriptionWrapper;
      const instruction = data.readUInt8(1) as Instruction;
      const hashLength = data.readUInt8(2);
      const hash = hashLength === 0 ? null : Buffer.from(data.subarray(3, 3 + hashLength));
      const primaryPartition = data.readInt32BE(3 + hashLength);
      const primaryKey = primaryKeySerde.deserialize(`${topic}-pk`, data.subarray(7 + hashLength));
      return { hash, instruction, primaryKey, primaryPartition };
    },
  };
}

/** Value serde of the response topic: version, hash, partition, foreign value (or none). */
export function responseWrapperSerde(foreignValueSerde: Serde<unknown>): Serde<SubscriptionResponseWrapper> {
  return {
    serialize(topic, data) {
      if (data === null || data === undefined) return null;
      const fv = data.foreignValue === null || data.foreignValue === undefined ? null : foreignValueSerde.serialize(topic, data.foreignValue);
      const hashLength = data.originalValueHash === null ? 0 : data.originalValueHash.length;
      const out = Buffer.allocUnsafe(1 + 1 + hashLength + 4 + 1 + (fv?.length ?? 0));
      let o = out.writeUInt8(VERSION, 0);
      o = out.writeUInt8(hashLength, o);
      if (data.originalValueHash !== null) o += data.originalValueHash.copy(out, o);
      o = out.writeInt32BE(data.primaryPartition, o);
      o = out.writeUInt8(fv === null ? 0 : 1, o);
      if (fv !== null) fv.copy(out, o);
      return out;
    },
    deserialize(topic, data) {
      if (data === null) return null as unknown as SubscriptionResponseWrapper;
      const hashLength = data.readUInt8(1);
      const originalValueHash = hashLength === 0 ? null : Buffer.from(data.subarray(2, 2 + hashLength));
      const primaryPartition = data.readInt32BE(2 + hashLength);
      const hasValue = data.readUInt8(6 + hashLength) === 1;
      const foreignValue = hasValue ? foreignValueSerde.deserialize(topic, data.subarray(7 + hashLength)) : null;
      return { originalValueHash, foreignValue, primaryPartition };
    },
  };
}

/** Used when the DSL knows no serde for a key or value: JSON text (documented limitation). */
export const jsonFallbackSerde: Serde<unknown> = {
  serialize: (_t, data) => (data === null || data === undefined ? null : Buffer.from(JSON.stringify(data), 'utf8')),
  deserialize: (_t, data) => (data === null ? null : (JSON.parse(data.toString('utf8')) as unknown)),
};
