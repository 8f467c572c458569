import type { Headers } from '../streams/processor/headers.js';
import type { Serde } from '../streams/serdes/serde.js';
import type { ValueAndTimestamp } from './key-value-store.js';
import { joinTimestamp, rawTimestamp, rawValue } from './internals/value-and-timestamp-bytes.js';

/** A value with its timestamp; null when the value is null (Kafka's `ValueAndTimestamp.make`). */
export function valueAndTimestamp<V>(value: V | null, timestamp: number): ValueAndTimestamp<V> | null {
  return value === null ? null : { value, timestamp };
}

/**
 * The serde of timestamped store values, byte-compatible with Kafka Streams'
 * `ValueAndTimestampSerde`: an 8-byte big-endian timestamp followed by the inner serde's bytes.
 */
export class ValueAndTimestampSerde<V> implements Serde<ValueAndTimestamp<V>> {
  constructor(readonly valueSerde: Serde<V>) {}

  serialize(topic: string, data: ValueAndTimestamp<V> | null, headers?: Headers): Buffer | null {
    if (data === null) return null;
    const raw = this.valueSerde.serialize(topic, data.value, headers);
    return raw === null ? null : joinTimestamp(data.timestamp, raw);
  }

  deserialize(topic: string, data: Buffer | null, headers?: Headers): ValueAndTimestamp<V> | null {
    if (data === null) return null;
    const value = this.valueSerde.deserialize(topic, rawValue(data), headers);
    return valueAndTimestamp(value, rawTimestamp(data));
  }
}
