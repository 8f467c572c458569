import BTreeModule from 'sorted-btree';

// sorted-btree is CommonJS with `exports.default`; under NodeNext the default import is the module object.
const BTree = BTreeModule.default;
type Tree<E> = InstanceType<typeof BTreeModule.default<string, E>>;

const compareStrings = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** Bounds of a scan over latin1 key strings; `to` is inclusive unless `toExclusive`. */
export interface StringRange {
  from?: string | undefined;
  to?: string | undefined;
  toExclusive?: boolean;
  reverse?: boolean;
}

/** marks a key deleted in the pending changes */
const REMOVED: unique symbol = Symbol('removed');

/** pending changes beyond which the ordered index is dropped and rebuilt by one sort on the next scan */
const MIN_PENDING_LIMIT = 1024;

/** Makes the entry a scan returns for a key and its value (scans of a map that keeps its values as they are return the values). */
export type EntryOf<V, E> = (key: string, value: V) => E;

const sameValue = <V>(_key: string, value: V): V => value;

/**
 * An ordered map from latin1 key strings to values. A hash map holds the current entries (point
 * reads and writes touch nothing else); the order lives in a B+ tree (sorted-btree) that is brought
 * up to date only when a scan needs it: writes since the last scan wait in a small map of pending
 * changes, and when those grow past half the tree, the tree is dropped and rebuilt from one sort of
 * the keys on the next scan. So stores that are written much and scanned little (counts, joins,
 * restoration) pay one hash write per put, and scans still see an exact snapshot: an open iterator
 * sees the map as it was when it was opened (the tree's copy-on-write clone).
 *
 * Scans return entries `E` (by default the values themselves). A map whose scans need more than the
 * value (a table returns key bytes with each value) makes its entries with `entryOf` only when they
 * enter the tree: a map written in bulk and not scanned (restoration) keeps just key string and value.
 */
export class SortedMap<V, E = V> {
  private readonly index = new Map<string, V>();
  /** the ordered entries as of the last scan plus `pending`; undefined when dropped (rebuilt from `index`) */
  private tree: Tree<E> | undefined = new BTree<string, E>(undefined, compareStrings);
  private readonly pending = new Map<string, E | typeof REMOVED>();

  /** `entryOf` is required when `E` is not `V` (the default returns the value itself) */
  constructor(private readonly entryOf: EntryOf<V, E> = sameValue as unknown as EntryOf<V, E>) {}

  /**
   * Whether the order is kept up to date now, so a write also makes its scan entry: a writer that has
   * the entry at hand passes it to `set` (no second one made) when this is true.
   */
  get ordered(): boolean {
    return this.tree !== undefined;
  }

  get size(): number {
    return this.index.size;
  }

  get(key: string): V | undefined {
    return this.index.get(key);
  }

  has(key: string): boolean {
    return this.index.has(key);
  }

  /** `entry`: the scan entry of this write, if the caller has it (else made by `entryOf` when needed) */
  set(key: string, value: V, entry?: E): void {
    this.index.set(key, value);
    if (this.tree !== undefined) this.change(key, entry ?? this.entryOf(key, value));
  }

  delete(key: string): boolean {
    if (!this.index.delete(key)) return false;
    if (this.tree !== undefined) this.change(key, REMOVED);
    return true;
  }

  clear(): void {
    this.index.clear();
    this.pending.clear();
    this.tree = new BTree<string, E>(undefined, compareStrings);
  }

  /** current values in no particular order (for bookkeeping that needs every entry, not their order) */
  unorderedValues(): IterableIterator<V> {
    return this.index.values();
  }

  /** every entry in key order, as an array (no snapshot: for a caller that does not write meanwhile) */
  orderedValues(): E[] {
    if (this.tree === undefined) {
      const keys = [...this.index.keys()].sort();
      const entryOf = this.entryOf;
      return keys.map((k) => entryOf(k, this.index.get(k)!));
    }
    return this.synced().valuesArray();
  }

  private change(key: string, value: E | typeof REMOVED): void {
    this.pending.set(key, value);
    if (this.pending.size > MIN_PENDING_LIMIT && this.pending.size > this.tree!.size >>> 1) {
      // cheaper to sort every key once when a scan comes than to keep the tree in step
      this.tree = undefined;
      this.pending.clear();
    }
  }

  /** the tree brought up to date with `index` */
  private synced(): Tree<E> {
    let tree = this.tree;
    if (tree === undefined) {
      tree = new BTree<string, E>(undefined, compareStrings);
      // latin1 strings: the default sort's UTF-16 code unit order is the byte order
      const keys = [...this.index.keys()].sort();
      const entryOf = this.entryOf;
      for (const k of keys) tree.set(k, entryOf(k, this.index.get(k)!), true);
      this.tree = tree;
    } else if (this.pending.size > 0) {
      for (const [k, v] of this.pending) {
        if (v === REMOVED) tree.delete(k);
        else tree.set(k, v, true);
      }
      this.pending.clear();
    }
    return tree;
  }

  /** The entries within the range, in key order (or reverse), over a snapshot taken now. */
  values(range: StringRange = {}): Generator<E, void, undefined> {
    const { from, to, toExclusive = false, reverse = false } = range;
    if (from !== undefined && to !== undefined && (from > to || (from === to && toExclusive))) return emptyGenerator();
    const snapshot = this.synced().clone();
    return reverse ? reversed(snapshot, from, to, toExclusive) : forward(snapshot, from, to, toExclusive);
  }
}

// eslint-disable-next-line require-yield
function* emptyGenerator<V>(): Generator<V, void, undefined> {
  return;
}

function* forward<V>(snapshot: Tree<V>, from: string | undefined, to: string | undefined, toExclusive: boolean): Generator<V, void, undefined> {
  for (const [k, v] of snapshot.entries(from)) {
    if (to !== undefined && (k > to || (toExclusive && k === to))) return;
    yield v;
  }
}

function* reversed<V>(snapshot: Tree<V>, from: string | undefined, to: string | undefined, toExclusive: boolean): Generator<V, void, undefined> {
  for (const [k, v] of snapshot.entriesReversed(to, undefined, toExclusive)) {
    if (from !== undefined && k < from) return;
    yield v;
  }
}
