import type { Deserializer, Serde, Serializer } from './serde.js';
import type { Headers } from '../processor/headers.js';
import { SessionWindow, TimeWindow, Windowed } from '../kstream/windowed.js';
import { readLongBE, writeLongBE } from './long-bytes.js';
import { SerializationError } from '../errors/streams-error.js';

// Byte layouts of Kafka Streams' windowed keys (WindowKeySchema / SessionKeySchema), so windowed
// results can be read by JVM applications and the other way round:
//   time window:    <key bytes><start: 8 bytes big-endian>
//   session window: <key bytes><end: 8 bytes big-endian><start: 8 bytes big-endian>

const TIMESTAMP_SIZE = 8;

function innerKeyBytes<K>(inner: Serializer<K>, topic: string, key: K, headers: Headers | undefined): Buffer {
  const bytes = inner.serialize(topic, key, headers);
  // Java serializes a null inner key as zero bytes here (a null byte[] would fail in ByteBuffer.put)
  return bytes ?? Buffer.alloc(0);
}

/** Serializes `Windowed<K>` keys of time windows as `<key><start>`. */
export class TimeWindowedSerializer<K> implements Serializer<Windowed<K>> {
  constructor(private readonly inner: Serializer<K>) {}

  serialize(topic: string, data: Windowed<K> | null, headers?: Headers): Buffer | null {
    if (data === null) return null;
    const key = innerKeyBytes(this.inner, topic, data.key, headers);
    const buf = Buffer.allocUnsafe(key.length + TIMESTAMP_SIZE);
    key.copy(buf, 0);
    writeLongBE(buf, key.length, data.window.start);
    return buf;
  }
}

/**
 * Reads `<key><start>` back into a `Windowed<K>` with `end = start + windowSize`. The window size is
 * not in the bytes; without it the window is unbounded (end = Number.MAX_SAFE_INTEGER), as in Java.
 */
export class TimeWindowedDeserializer<K> implements Deserializer<Windowed<K>> {
  constructor(
    private readonly inner: Deserializer<K>,
    readonly windowSize: number = Number.MAX_SAFE_INTEGER,
  ) {}

  deserialize(topic: string, data: Buffer | null, headers?: Headers): Windowed<K> | null {
    if (data === null) return null;
    if (data.length < TIMESTAMP_SIZE) throw new SerializationError('time-windowed key shorter than its 8-byte window start');
    const keyLength = data.length - TIMESTAMP_SIZE;
    const key = this.inner.deserialize(topic, data.subarray(0, keyLength), headers) as K;
    const start = readLongBE(data, keyLength);
    const end = Math.min(start + this.windowSize, Number.MAX_SAFE_INTEGER);
    return new Windowed(key, new TimeWindow(start, end));
  }
}

/** Serializes `Windowed<K>` keys of session windows as `<key><end><start>`. */
export class SessionWindowedSerializer<K> implements Serializer<Windowed<K>> {
  constructor(private readonly inner: Serializer<K>) {}

  serialize(topic: string, data: Windowed<K> | null, headers?: Headers): Buffer | null {
    if (data === null) return null;
    const key = innerKeyBytes(this.inner, topic, data.key, headers);
    const buf = Buffer.allocUnsafe(key.length + 2 * TIMESTAMP_SIZE);
    key.copy(buf, 0);
    writeLongBE(buf, key.length, data.window.end);
    writeLongBE(buf, key.length + TIMESTAMP_SIZE, data.window.start);
    return buf;
  }
}

/** Reads `<key><end><start>` back into a `Windowed<K>` with a session window. */
export class SessionWindowedDeserializer<K> implements Deserializer<Windowed<K>> {
  constructor(private readonly inner: Deserializer<K>) {}

  deserialize(topic: string, data: Buffer | null, headers?: Headers): Windowed<K> | null {
    if (data === null) return null;
    if (data.length < 2 * TIMESTAMP_SIZE) throw new SerializationError('session-windowed key shorter than its 16-byte window');
    const keyLength = data.length - 2 * TIMESTAMP_SIZE;
    const key = this.inner.deserialize(topic, data.subarray(0, keyLength), headers) as K;
    const end = readLongBE(data, keyLength);
    const start = readLongBE(data, keyLength + TIMESTAMP_SIZE);
    return new Windowed(key, new SessionWindow(start, end));
  }
}

/** Factories of windowed key serdes (Kafka Streams' `WindowedSerdes`). */
export const WindowedSerdes = {
  timeWindowedSerdeFrom<K>(inner: Serde<K>, windowSize: number): Serde<Windowed<K>> {
    const serializer = new TimeWindowedSerializer(inner);
    const deserializer = new TimeWindowedDeserializer(inner, windowSize);
    return {
      serialize: (topic, data, headers) => serializer.serialize(topic, data, headers),
      deserialize: (topic, data, headers) => deserializer.deserialize(topic, data, headers),
    };
  },
  sessionWindowedSerdeFrom<K>(inner: Serde<K>): Serde<Windowed<K>> {
    const serializer = new SessionWindowedSerializer(inner);
    const deserializer = new SessionWindowedDeserializer(inner);
    return {
      serialize: (topic, data, headers) => serializer.serialize(topic, data, headers),
      deserialize: (topic, data, headers) => deserializer.deserialize(topic, data, headers),
    };
  },
};
