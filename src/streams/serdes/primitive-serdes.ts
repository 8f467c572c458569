import type { Serde } from './serde.js';
import { SerializationError } from '../errors/streams-error.js';
import { readLongBE, writeLongBE } from './long-bytes.js';
import { decodeUtf8 } from '../../protocol/primitives/utf8-decode.js';

// Byte layouts are those of Kafka's Java serializers (org.apache.kafka.common.serialization), so
// topics can be shared with JVM applications. `null` always maps to `null` (an absent key or a tombstone).

function expectSize(name: string, data: Buffer, size: number): void {
  if (data.length !== size) {
    throw new SerializationError(`Size of data received by ${name} is not ${size}`);
  }
}

/** UTF-8 text (`StringSerde`). */
export class StringSerde implements Serde<string> {
  serialize(_topic: string, data: string | null): Buffer | null {
    return data === null ? null : Buffer.from(data, 'utf8');
  }
  deserialize(_topic: string, data: Buffer | null): string | null {
    return data === null ? null : data.toString('utf8');
  }
  deserializeRange(_topic: string, data: Buffer, start: number, length: number): string {
    return decodeUtf8(data, start, length);
  }
}

/** Raw bytes, passed through without copying (`ByteArraySerde`, `BytesSerde`). */
export class BufferSerde implements Serde<Buffer> {
  serialize(_topic: string, data: Buffer | null): Buffer | null {
    return data;
  }
  deserialize(_topic: string, data: Buffer | null): Buffer | null {
    return data;
  }
}

/** 32-bit signed integer, 4 bytes big-endian (`IntegerSerde`). */
export class IntegerSerde implements Serde<number> {
  serialize(_topic: string, data: number | null): Buffer | null {
    if (data === null) return null;
    if (!Number.isInteger(data) || data < -0x8000_0000 || data > 0x7fff_ffff) {
      throw new SerializationError(`not a 32-bit integer: ${data}`);
    }
    const buf = Buffer.allocUnsafe(4);
    buf.writeInt32BE(data, 0);
    return buf;
  }
  deserialize(_topic: string, data: Buffer | null): number | null {
    if (data === null) return null;
    expectSize('IntegerDeserializer', data, 4);
    return data.readInt32BE(0);
  }
}

/**
 * 64-bit signed integer, 8 bytes big-endian (`LongSerde`), as a JS `number`. Values must be safe
 * integers (|x| <= 2^53 - 1); anything larger throws rather than losing precision. Use
 * `LongAsBigIntSerde` for the full 64-bit range.
 */
export class LongSerde implements Serde<number> {
  serialize(_topic: string, data: number | null): Buffer | null {
    if (data === null) return null;
    const buf = Buffer.allocUnsafe(8);
    writeLongBE(buf, 0, data);
    return buf;
  }
  deserialize(_topic: string, data: Buffer | null): number | null {
    if (data === null) return null;
    expectSize('LongDeserializer', data, 8);
    return readLongBE(data, 0);
  }
}

/** 64-bit signed integer, 8 bytes big-endian (`LongSerde`), as a `bigint`: the full Java long range. */
export class LongAsBigIntSerde implements Serde<bigint> {
  serialize(_topic: string, data: bigint | null): Buffer | null {
    if (data === null) return null;
    if (data < -(1n << 63n) || data >= 1n << 63n) throw new SerializationError(`not a 64-bit long: ${data}`);
    const buf = Buffer.allocUnsafe(8);
    buf.writeBigInt64BE(data, 0);
    return buf;
  }
  deserialize(_topic: string, data: Buffer | null): bigint | null {
    if (data === null) return null;
    expectSize('LongDeserializer', data, 8);
    return data.readBigInt64BE(0);
  }
}

/** 16-bit signed integer, 2 bytes big-endian (`ShortSerde`). */
export class ShortSerde implements Serde<number> {
  serialize(_topic: string, data: number | null): Buffer | null {
    if (data === null) return null;
    if (!Number.isInteger(data) || data < -0x8000 || data > 0x7fff) throw new SerializationError(`not a 16-bit integer: ${data}`);
    const buf = Buffer.allocUnsafe(2);
    buf.writeInt16BE(data, 0);
    return buf;
  }
  deserialize(_topic: string, data: Buffer | null): number | null {
    if (data === null) return null;
    expectSize('ShortDeserializer', data, 2);
    return data.readInt16BE(0);
  }
}

/** IEEE 754 single precision, 4 bytes big-endian (`FloatSerde`); the value is rounded to float. */
export class FloatSerde implements Serde<number> {
  serialize(_topic: string, data: number | null): Buffer | null {
    if (data === null) return null;
    const buf = Buffer.allocUnsafe(4);
    buf.writeFloatBE(data, 0);
    return buf;
  }
  deserialize(_topic: string, data: Buffer | null): number | null {
    if (data === null) return null;
    expectSize('FloatDeserializer', data, 4);
    return data.readFloatBE(0);
  }
}

/** IEEE 754 double precision, 8 bytes big-endian (`DoubleSerde`). */
export class DoubleSerde implements Serde<number> {
  serialize(_topic: string, data: number | null): Buffer | null {
    if (data === null) return null;
    const buf = Buffer.allocUnsafe(8);
    buf.writeDoubleBE(data, 0);
    return buf;
  }
  deserialize(_topic: string, data: Buffer | null): number | null {
    if (data === null) return null;
    expectSize('DoubleDeserializer', data, 8);
    return data.readDoubleBE(0);
  }
}

/** One byte, 1 for true and 0 for false (`BooleanSerde`). */
export class BooleanSerde implements Serde<boolean> {
  serialize(_topic: string, data: boolean | null): Buffer | null {
    if (data === null) return null;
    return Buffer.from([data ? 1 : 0]);
  }
  deserialize(_topic: string, data: Buffer | null): boolean | null {
    if (data === null) return null;
    expectSize('BooleanDeserializer', data, 1);
    if (data[0] === 1) return true;
    if (data[0] === 0) return false;
    throw new SerializationError(`Unexpected byte received by BooleanDeserializer: ${data[0]}`);
  }
}

const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A UUID as its 36-character text in UTF-8 (`UUIDSerde`), lower-cased like Java's `UUID.toString()`. */
export class UuidSerde implements Serde<string> {
  serialize(_topic: string, data: string | null): Buffer | null {
    if (data === null) return null;
    if (!UUID_PATTERN.test(data)) throw new SerializationError(`not a UUID: ${data}`);
    return Buffer.from(data.toLowerCase(), 'utf8');
  }
  deserialize(_topic: string, data: Buffer | null): string | null {
    if (data === null) return null;
    const text = data.toString('utf8');
    if (!UUID_PATTERN.test(text)) throw new SerializationError('Error parsing data into UUID');
    return text.toLowerCase();
  }
}

/** Always null (`VoidSerde`): for topics whose keys or values are always absent. */
export class VoidSerde implements Serde<null> {
  serialize(): Buffer | null {
    return null;
  }
  deserialize(_topic: string, data: Buffer | null): null {
    if (data !== null) throw new SerializationError('Data should be null for a VoidDeserializer.');
    return null;
  }
}
