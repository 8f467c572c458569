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
  /** null until a header is added: most records have none, and this is one object per record */
  private list: Header[] | null;

  constructor(init?: Iterable<Header>) {
    this.list = init ? [...init] : null;
  }

  add(key: string, value: Buffer | string | null): this {
    (this.list ??= []).push({ key, value: typeof value === 'string' ? Buffer.from(value) : value });
    return this;
  }

  remove(key: string): this {
    const list = this.list;
    if (list !== null) for (let i = list.length - 1; i >= 0; i--) if (list[i]!.key === key) list.splice(i, 1);
    return this;
  }

  lastHeader(key: string): Header | undefined {
    const list = this.list;
    if (list !== null) for (let i = list.length - 1; i >= 0; i--) if (list[i]!.key === key) return list[i];
    return undefined;
  }

  headers(key: string): Header[] {
    return this.list === null ? [] : this.list.filter((h) => h.key === key);
  }

  toArray(): Header[] {
    return this.list === null ? [] : [...this.list];
  }

  get size(): number {
    return this.list === null ? 0 : this.list.length;
  }

  [Symbol.iterator](): Iterator<Header> {
    return (this.list ?? NONE)[Symbol.iterator]();
  }
}

const NONE: readonly Header[] = Object.freeze([]);
