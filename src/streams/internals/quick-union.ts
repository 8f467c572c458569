/** Union-find over names (Kafka Streams' `QuickUnion`): groups nodes into sub-topologies. */
export class QuickUnion {
  private readonly parent = new Map<string, string>();

  add(id: string): void {
    if (!this.parent.has(id)) this.parent.set(id, id);
  }

  root(id: string): string {
    if (!this.parent.has(id)) throw new Error(`unknown node: ${id}`);
    let current = id;
    let next: string = this.parent.get(current)!;
    while (next !== current) {
      const grand: string = this.parent.get(next)!;
      this.parent.set(current, grand); // path halving
      current = grand;
      next = this.parent.get(current)!;
    }
    return current;
  }

  unite(id: string, ...others: string[]): void {
    for (const other of others) {
      const a = this.root(id);
      const b = this.root(other);
      if (a !== b) this.parent.set(a, b);
    }
  }
}
