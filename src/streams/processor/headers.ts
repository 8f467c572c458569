/** One record header. Kafka allows repeated keys; order is kept. */
export interface Header {
  readonly key: string;
  readonly value: Buffer | null;
}

/**
 * Record headers, as in Kafka's `Headers`: an ordered, mutable list where a key may repeat.
 * Records share a `Headers` instance when forwarded unchanged; copy with `new Headers(other)` before
 * changing headers you did not create.
 */
export class Headers implements Iterable<Header> {
  private readonly list: Header[];

  constructor(init?: Iterable<Header>) {
    this.list = init ? [...init] : [];
  }

  add(key: string, value: Buffer | string | null): this {
    this.list.push({ key, value: typeof value === 'string' ? Buffer.from(value) : value });
    return this;
  }

  remove(key: string): this {
    for (let i = this.list.length - 1; i >= 0; i--) if (this.list[i]!.key === key) this.list.splice(i, 1);
    return this;
  }

  lastHeader(key: string): Header | undefined {
    for (let i = this.list.length - 1; i >= 0; i--) if (this.list[i]!.key === key) return this.list[i];
    return undefined;
  }

  headers(key: string): Header[] {
    return this.list.filter((h) => h.key === key);
  }

  toArray(): Header[] {
    return [...this.list];
  }

  get size(): number {
    return this.list.length;
  }

  [Symbol.iterator](): Iterator<Header> {
    return this.list[Symbol.iterator]();
  }
}
