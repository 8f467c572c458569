/**
 * A binary min-heap with exactly the sift-up / sift-down steps of `java.util.PriorityQueue`, so that
 * elements with equal priority come out in the same order as in Kafka Streams (the reference breaks
 * timestamp ties between partitions, and between punctuation schedules, by this heap order).
 */
export class JavaPriorityQueue<T> {
  private readonly heap: T[] = [];

  constructor(private readonly compare: (a: T, b: T) => number) {}

  get size(): number {
    return this.heap.length;
  }

  peek(): T | undefined {
    return this.heap[0];
  }

  offer(item: T): void {
    const heap = this.heap;
    let k = heap.length;
    heap.push(item);
    while (k > 0) {
      const parent = (k - 1) >>> 1;
      const p = heap[parent]!;
      if (this.compare(item, p) >= 0) break;
      heap[k] = p;
      k = parent;
    }
    heap[k] = item;
  }

  poll(): T | undefined {
    const heap = this.heap;
    if (heap.length === 0) return undefined;
    const result = heap[0]!;
    const last = heap.pop()!;
    const n = heap.length;
    if (n > 0) this.siftDown(0, last, n);
    return result;
  }

  /** removes every element for which `predicate` is true (rebuilding the heap like Java's removeIf) */
  removeIf(predicate: (item: T) => boolean): void {
    const kept = this.heap.filter((x) => !predicate(x));
    if (kept.length === this.heap.length) return;
    this.heap.length = 0;
    this.heap.push(...kept);
    for (let i = (kept.length >>> 1) - 1; i >= 0; i--) this.siftDown(i, this.heap[i]!, kept.length);
  }

  clear(): void {
    this.heap.length = 0;
  }

  toArray(): T[] {
    return [...this.heap];
  }

  private siftDown(start: number, item: T, n: number): void {
    const heap = this.heap;
    let k = start;
    const half = n >>> 1;
    while (k < half) {
      let child = 2 * k + 1;
      let c = heap[child]!;
      const right = child + 1;
      if (right < n && this.compare(c, heap[right]!) > 0) c = heap[(child = right)]!;
      if (this.compare(item, c) <= 0) break;
      heap[k] = c;
      k = child;
    }
    heap[k] = item;
  }
}
