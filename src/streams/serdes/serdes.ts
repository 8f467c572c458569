import type { Deserializer, Serde, Serializer } from './serde.js';
import {
  BooleanSerde,
  BufferSerde,
  DoubleSerde,
  FloatSerde,
  IntegerSerde,
  LongAsBigIntSerde,
  LongSerde,
  ShortSerde,
  StringSerde,
  UuidSerde,
  VoidSerde,
} from './primitive-serdes.js';
import { JsonSerde, type JsonSerdeOptions } from './json-serde.js';

const string = new StringSerde();
const buffer = new BufferSerde();
const integer = new IntegerSerde();
const long = new LongSerde();
const longBig = new LongAsBigIntSerde();
const short = new ShortSerde();
const float = new FloatSerde();
const double = new DoubleSerde();
const boolean = new BooleanSerde();
const uuid = new UuidSerde();
const voidSerde = new VoidSerde();

/**
 * Factories of the built-in serdes (Kafka's `Serdes`), byte-compatible with Java's.
 * Numbers: `Long()` is a JS number limited to safe integers; `LongAsBigInt()` covers the whole range.
 */
export const Serdes = {
  String: (): Serde<string> => string,
  Buffer: (): Serde<Buffer> => buffer,
  /** same as `Buffer()`: Java's `ByteArray` and `Bytes` serdes both pass bytes through */
  Bytes: (): Serde<Buffer> => buffer,
  ByteArray: (): Serde<Buffer> => buffer,
  Integer: (): Serde<number> => integer,
  Long: (): Serde<number> => long,
  LongAsBigInt: (): Serde<bigint> => longBig,
  Short: (): Serde<number> => short,
  Float: (): Serde<number> => float,
  Double: (): Serde<number> => double,
  Boolean: (): Serde<boolean> => boolean,
  UUID: (): Serde<string> => uuid,
  Void: (): Serde<null> => voidSerde,
  Json: <T>(options?: JsonSerdeOptions<T>): Serde<T> => new JsonSerde<T>(options),
  /** a serde from a serializer and a deserializer of the same type */
  from<T>(serializer: Serializer<T>, deserializer: Deserializer<T>): Serde<T> {
    return {
      serialize: (topic, data, headers) => serializer.serialize(topic, data, headers),
      deserialize: (topic, data, headers) => deserializer.deserialize(topic, data, headers),
    };
  },
};
