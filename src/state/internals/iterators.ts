import type { KeyValue, KeyValueIterator } from '../key-value.js';

/**
 * Base of the store iterators: subclasses produce entries one at a time with `advance()`;
 * this class adds `peekNextKey`, `close` and the iterator protocol.
 */
export abstract class AbstractKeyValueIterator<K, V> implements KeyValueIterator<K, V> {
  private peeked: KeyValue<K, V> | undefined = undefined;
  private done = false;

  /** the next entry, or undefined at the end */
  protected abstract advance(): KeyValue<K, V> | undefined;

  /** release resources; called once */
  protected release(): void {}

  next(): IteratorResult<KeyValue<K, V>, undefined> {
    if (this.peeked !== undefined) {
      const value = this.peeked;
      this.peeked = undefined;
      return { value, done: false };
    }
    if (this.done) return { value: undefined, done: true };
    const value = this.advance();
    if (value === undefined) {
      this.close();
      return { value: undefined, done: true };
    }
    return { value, done: false };
  }

  peekNextKey(): K | undefined {
    if (this.peeked === undefined && !this.done) {
      this.peeked = this.advance();
      if (this.peeked === undefined) this.close();
    }
    return this.peeked?.key;
  }

  /** the next entry without consuming it */
  peekNext(): KeyValue<K, V> | undefined {
    this.peekNextKey();
    return this.peeked;
  }

  close(): void {
    if (this.done) return;
    this.done = true;
    this.peeked = undefined;
    this.release();
  }

  return(): IteratorResult<KeyValue<K, V>, undefined> {
    this.close();
    return { value: undefined, done: true };
  }

  [Symbol.iterator](): this {
    return this;
  }

  /** all remaining entries as an array (closes the iterator) */
  toArray(): KeyValue<K, V>[] {
    const out: KeyValue<K, V>[] = [];
    for (const kv of this) out.push(kv);
    return out;
  }
}

/** Wraps a JavaScript iterator of entries. */
export class GeneratorKeyValueIterator<K, V> extends AbstractKeyValueIterator<K, V> {
  constructor(
    private readonly source: Iterator<KeyValue<K, V>>,
    private readonly onClose?: () => void,
  ) {
    super();
  }

  protected advance(): KeyValue<K, V> | undefined {
    const r = this.source.next();
    return r.done ? undefined : r.value;
  }

  protected override release(): void {
    this.source.return?.();
    this.onClose?.();
  }
}

export function emptyIterator<K, V>(): KeyValueIterator<K, V> {
  return new GeneratorKeyValueIterator<K, V>([][Symbol.iterator]());
}

/** Maps each entry of an inner iterator (e.g. bytes to typed values). */
export class MappedKeyValueIterator<K1, V1, K2, V2> extends AbstractKeyValueIterator<K2, V2> {
  constructor(
    private readonly inner: KeyValueIterator<K1, V1>,
    private readonly map: (kv: KeyValue<K1, V1>) => KeyValue<K2, V2>,
  ) {
    super();
  }

  protected advance(): KeyValue<K2, V2> | undefined {
    const r = this.inner.next();
    return r.done ? undefined : this.map(r.value);
  }

  protected override release(): void {
    this.inner.close();
  }
}

/** An entry of an overlay (cache, write buffer): a null value hides the key in the base. */
export interface OverlayEntry {
  readonly key: Buffer;
  readonly value: Buffer | null;
}

/**
 * Merges a sorted overlay (cache or write buffer, whose entries win and whose null values are
 * deletions) with a sorted base iterator of bytes, in forward or reverse key order.
 */
export class MergedBytesIterator extends AbstractKeyValueIterator<Buffer, Buffer> {
  private overlayNext: OverlayEntry | undefined;
  private baseNext: KeyValue<Buffer, Buffer> | undefined;

  constructor(
    private readonly overlay: Iterator<OverlayEntry>,
    private readonly base: KeyValueIterator<Buffer, Buffer>,
    private readonly reverse: boolean,
  ) {
    super();
    this.overlayNext = this.pullOverlay();
    this.baseNext = this.pullBase();
  }

  private pullOverlay(): OverlayEntry | undefined {
    const r = this.overlay.next();
    return r.done ? undefined : r.value;
  }

  private pullBase(): KeyValue<Buffer, Buffer> | undefined {
    const r = this.base.next();
    return r.done ? undefined : r.value;
  }

  protected advance(): KeyValue<Buffer, Buffer> | undefined {
    for (;;) {
      const o = this.overlayNext;
      const b = this.baseNext;
      if (o === undefined && b === undefined) return undefined;
      let cmp: number;
      if (o === undefined) cmp = 1;
      else if (b === undefined) cmp = -1;
      else cmp = this.reverse ? Buffer.compare(b.key, o.key) : Buffer.compare(o.key, b.key);
      if (cmp > 0) {
        this.baseNext = this.pullBase();
        return b;
      }
      this.overlayNext = this.pullOverlay();
      if (cmp === 0) this.baseNext = this.pullBase();
      if (o!.value !== null) return o as KeyValue<Buffer, Buffer>;
    }
  }

  protected override release(): void {
    this.overlay.return?.();
    this.base.close();
  }
}
