// Reproduces the iteration orders of Java collections that leak into Kafka Streams' printed
// `TopologyDescription`: HashSet/HashMap order of strings, and TreeSet order under a comparator whose
// keys change after insertion. Needed only so that `describe()` prints byte-for-byte what Java prints.

/** Java's `String.hashCode()` over UTF-16 code units. */
export function javaStringHash(s: string): number {
  let h = 0;
  for (let i = 0; i < s.length; i++) h = (Math.imul(31, h) + s.charCodeAt(i)) | 0;
  return h;
}

function bucketOf(s: string, capacity: number): number {
  const h = javaStringHash(s);
  return (h ^ (h >>> 16)) & (capacity - 1);
}

function tableSizeFor(n: number): number {
  let cap = 1;
  while (cap < n) cap *= 2;
  return cap;
}

/** capacity of a `new HashSet<>()` / `new HashMap<>()` after `n` adds */
function growCapacity(n: number): number {
  let cap = 16;
  while (n > cap * 0.75) cap *= 2;
  return cap;
}

function orderByBuckets(items: readonly string[], capacity: number): string[] {
  return items
    .map((s, i) => ({ s, i, b: bucketOf(s, capacity) }))
    .sort((x, y) => x.b - y.b || x.i - y.i)
    .map((x) => x.s);
}

/** Iteration order of a `new HashSet<>()` into which `items` were added in order (duplicates dropped). */
export function javaHashSetOrder(items: Iterable<string>): string[] {
  const unique = [...new Set(items)];
  return orderByBuckets(unique, growCapacity(unique.length));
}

/** Iteration order of `new HashSet<>(c)` where `c` iterates in the given order. */
export function javaHashSetCopyOrder(items: Iterable<string>): string[] {
  const unique = [...new Set(items)];
  const capacity = tableSizeFor(Math.max(Math.floor(unique.length / 0.75) + 1, 16));
  return orderByBuckets(unique, capacity);
}

/** Java's `AbstractCollection.toString()`: `[a, b, c]`. */
export function javaCollectionString(items: Iterable<string>): string {
  return `[${[...items].join(', ')}]`;
}

interface TreeEntry<T> {
  key: T;
  left: TreeEntry<T> | null;
  right: TreeEntry<T> | null;
  parent: TreeEntry<T> | null;
  red: boolean;
}

/**
 * `java.util.TreeSet` (a red-black tree, as `java.util.TreeMap` balances it). The comparator is
 * consulted only at insertion, against the current keys, exactly like Java; if keys change later the
 * iteration order keeps the shape the tree had, as it does in Java.
 */
export class JavaTreeSet<T> implements Iterable<T> {
  private root: TreeEntry<T> | null = null;
  private count = 0;

  constructor(private readonly compare: (a: T, b: T) => number) {}

  get size(): number {
    return this.count;
  }

  add(key: T): boolean {
    let t = this.root;
    if (t === null) {
      this.root = { key, left: null, right: null, parent: null, red: false };
      this.count = 1;
      return true;
    }
    let parent: TreeEntry<T>;
    let cmp: number;
    do {
      parent = t;
      cmp = this.compare(key, t.key);
      if (cmp < 0) t = t.left;
      else if (cmp > 0) t = t.right;
      else return false;
    } while (t !== null);
    const e: TreeEntry<T> = { key, left: null, right: null, parent, red: true };
    if (cmp < 0) parent.left = e;
    else parent.right = e;
    this.fixAfterInsertion(e);
    this.count++;
    return true;
  }

  *[Symbol.iterator](): Iterator<T> {
    const stack: TreeEntry<T>[] = [];
    let n = this.root;
    while (n !== null || stack.length > 0) {
      while (n !== null) {
        stack.push(n);
        n = n.left;
      }
      const e = stack.pop()!;
      yield e.key;
      n = e.right;
    }
  }

  private fixAfterInsertion(start: TreeEntry<T>): void {
    let x: TreeEntry<T> | null = start;
    x.red = true;
    while (x !== null && x !== this.root && isRed(x.parent)) {
      const p: TreeEntry<T> | null = x.parent;
      const g: TreeEntry<T> | null = parentOf(p);
      if (p === leftOf(g)) {
        const y = rightOf(g);
        if (isRed(y)) {
          setRed(p, false);
          setRed(y, false);
          setRed(g, true);
          x = g;
        } else {
          if (x === rightOf(p)) {
            x = p;
            this.rotateLeft(x);
          }
          setRed(parentOf(x), false);
          setRed(parentOf(parentOf(x)), true);
          this.rotateRight(parentOf(parentOf(x)));
        }
      } else {
        const y = leftOf(g);
        if (isRed(y)) {
          setRed(p, false);
          setRed(y, false);
          setRed(g, true);
          x = g;
        } else {
          if (x === leftOf(p)) {
            x = p;
            this.rotateRight(x);
          }
          setRed(parentOf(x), false);
          setRed(parentOf(parentOf(x)), true);
          this.rotateLeft(parentOf(parentOf(x)));
        }
      }
    }
    this.root!.red = false;
  }

  private rotateLeft(p: TreeEntry<T> | null): void {
    if (p === null) return;
    const r = p.right!;
    p.right = r.left;
    if (r.left !== null) r.left.parent = p;
    r.parent = p.parent;
    if (p.parent === null) this.root = r;
    else if (p.parent.left === p) p.parent.left = r;
    else p.parent.right = r;
    r.left = p;
    p.parent = r;
  }

  private rotateRight(p: TreeEntry<T> | null): void {
    if (p === null) return;
    const l = p.left!;
    p.left = l.right;
    if (l.right !== null) l.right.parent = p;
    l.parent = p.parent;
    if (p.parent === null) this.root = l;
    else if (p.parent.right === p) p.parent.right = l;
    else p.parent.left = l;
    l.right = p;
    p.parent = l;
  }
}

function isRed<T>(e: TreeEntry<T> | null): boolean {
  return e !== null && e.red;
}
function setRed<T>(e: TreeEntry<T> | null, red: boolean): void {
  if (e !== null) e.red = red;
}
function parentOf<T>(e: TreeEntry<T> | null): TreeEntry<T> | null {
  return e === null ? null : e.parent;
}
function leftOf<T>(e: TreeEntry<T> | null): TreeEntry<T> | null {
  return e === null ? null : e.left;
}
function rightOf<T>(e: TreeEntry<T> | null): TreeEntry<T> | null {
  return e === null ? null : e.right;
}
