export type { Serde, Serializer, Deserializer } from './serde.js';
export { Serdes } from './serdes.js';
export {
  StringSerde,
  BufferSerde,
  IntegerSerde,
  LongSerde,
  LongAsBigIntSerde,
  ShortSerde,
  FloatSerde,
  DoubleSerde,
  BooleanSerde,
  UuidSerde,
  VoidSerde,
} from './primitive-serdes.js';
export { JsonSerde, type JsonSerdeOptions } from './json-serde.js';
export {
  WindowedSerdes,
  TimeWindowedSerializer,
  TimeWindowedDeserializer,
  SessionWindowedSerializer,
  SessionWindowedDeserializer,
} from './windowed-serdes.js';
