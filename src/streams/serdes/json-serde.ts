import type { Serde } from './serde.js';
import { SerializationError } from '../errors/streams-error.js';

/** Options of `Serdes.Json`. */
export interface JsonSerdeOptions<T> {
  /** checks a parsed value; return false to reject it with a SerializationError */
  validate?: (value: unknown) => value is T;
}

/** JSON text in UTF-8. The type parameter is the shape of the values; `validate` can enforce it. */
export class JsonSerde<T> implements Serde<T> {
  constructor(private readonly options: JsonSerdeOptions<T> = {}) {}

  serialize(_topic: string, data: T | null): Buffer | null {
    if (data === null) return null;
    return Buffer.from(JSON.stringify(data), 'utf8');
  }

  deserialize(topic: string, data: Buffer | null): T | null {
    if (data === null) return null;
    let value: unknown;
    try {
      value = JSON.parse(data.toString('utf8'));
    } catch (cause) {
      throw new SerializationError(`invalid JSON in a record of topic ${topic}`, { cause });
    }
    if (this.options.validate && !this.options.validate(value)) {
      throw new SerializationError(`JSON value of a record of topic ${topic} failed validation`);
    }
    return value as T;
  }
}
