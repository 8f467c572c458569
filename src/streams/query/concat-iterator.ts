import type { KeyValue, KeyValueIterator } from '../../state/key-value.js';
import { AbstractKeyValueIterator } from '../../state/internals/iterators.js';

/**
 * Reads the iterators of several partitions' stores one after the other (as Kafka Streams' composite
 * stores do: no global order across partitions). Each inner iterator is opened only when reached.
 */
export class ConcatKeyValueIterator<K, V> extends AbstractKeyValueIterator<K, V> {
  private index = 0;
  private current: KeyValueIterator<K, V> | undefined;

  constructor(private readonly opens: ReadonlyArray<() => KeyValueIterator<K, V>>) {
    super();
  }

  protected advance(): KeyValue<K, V> | undefined {
    for (;;) {
      if (this.current === undefined) {
        const open = this.opens[this.index++];
        if (open === undefined) return undefined;
        this.current = open();
      }
      const r = this.current.next();
      if (!r.done) return r.value;
      this.current.close();
      this.current = undefined;
    }
  }

  protected override release(): void {
    this.current?.close();
    this.current = undefined;
  }
}
