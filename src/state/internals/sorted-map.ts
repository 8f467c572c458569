import BTreeModule from 'sorted-btree';

// sorted-btree is CommonJS with `exports.default`; under NodeNext the default import is the module object.
const BTree = BTreeModule.default;
type Tree<V> = InstanceType<typeof BTreeModule.default<string, V>>;

const compareStrings = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** Bounds of a scan over latin1 key strings; `to` is inclusive unless `toExclusive`. */
export interface StringRange {
  from?: string | undefined;
  to?: string | undefined;
  toExclusive?: boolean;
  reverse?: boolean;
}

/**
 * An ordered map from latin1 key strings to values: a B+ tree (sorted-btree) with cheap
 * copy-on-write snapshots, so an open iterator sees the map as it was when it was opened.
 */
export class SortedMap<V> {
  private tree: Tree<V> = new BTree<string, V>(undefined, compareStrings);

  get size(): number {
    return this.tree.size;
  }

  get(key: string): V | undefined {
    return this.tree.get(key);
  }

  set(key: string, value: V): void {
    this.tree.set(key, value, true);
  }

  delete(key: string): boolean {
    return this.tree.delete(key);
  }

  clear(): void {
    this.tree.clear();
  }

  /** Values of the entries within the range, in key order (or reverse), over a snapshot. */
  *values(range: StringRange = {}): Generator<V, void, undefined> {
    const { from, to, toExclusive = false, reverse = false } = range;
    if (from !== undefined && to !== undefined && (from > to || (from === to && toExclusive))) return;
    const snapshot = this.tree.size > 0 ? this.tree.clone() : this.tree;
    if (!reverse) {
      for (const [k, v] of snapshot.entries(from)) {
        if (to !== undefined && (k > to || (toExclusive && k === to))) return;
        yield v;
      }
    } else {
      for (const [k, v] of snapshot.entriesReversed(to, undefined, toExclusive)) {
        if (from !== undefined && k < from) return;
        yield v;
      }
    }
  }

  /** The first value at or after `key` (or before, when reverse), or undefined. */
  firstValue(): V | undefined {
    const pair = this.tree.nextHigherPair(undefined);
    return pair?.[1];
  }
}
