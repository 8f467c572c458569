/** Generates Kafka Streams' automatic names from one shared counter. */
export interface NameProvider {
  /** `<prefix><10-digit index>`, e.g. `KSTREAM-MAPVALUES-0000000003` */
  newProcessorName(prefix: string): string;
  /** `<prefix>STATE-STORE-<10-digit index>` */
  newStoreName(prefix: string): string;
}

/** A user-given name, or a generated one (the index is used up either way, as in Kafka). */
export class NamedInternal {
  constructor(readonly name: string | undefined) {}

  static empty(): NamedInternal {
    return new NamedInternal(undefined);
  }

  orElseGenerateWithPrefix(provider: NameProvider, prefix: string): string {
    const generated = provider.newProcessorName(prefix);
    return this.name ?? generated;
  }

  suffixWithOrElseGet(suffix: string, provider: NameProvider, prefix: string): string {
    const generated = provider.newProcessorName(prefix);
    return this.name !== undefined ? this.name + suffix : generated;
  }

  /** like suffixWithOrElseGet, but without using up an index */
  suffixWithOrElse(suffix: string, other: string): string {
    return this.name !== undefined ? this.name + suffix : other;
  }
}
