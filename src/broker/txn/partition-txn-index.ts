// Transaction bookkeeping of one partition: which producers have an open transaction here (and
// from which offset), and the index of aborted transactions. From these come the last stable
// offset (LSO: the first offset of the oldest open transaction, else the high watermark) and the
// aborted-transactions list a read_committed Fetch returns. Fed from the produce path (every
// appended batch) and rebuilt on restart by replaying batch headers.

export interface AbortedTxn {
  readonly producerId: number;
  readonly firstOffset: number;
  /** Offset of the ABORT marker. */
  readonly lastOffset: number;
}

export class PartitionTxnIndex {
  /** producerId -> first offset of its open transaction */
  private readonly open = new Map<number, number>();
  /** Sorted by lastOffset (markers are appended in offset order). */
  private aborted: AbortedTxn[] = [];

  /** A transactional data batch was appended. */
  onTransactionalBatch(producerId: number, baseOffset: number): void {
    if (!this.open.has(producerId)) this.open.set(producerId, baseOffset);
  }

  /** A COMMIT/ABORT marker for the producer was appended at markerOffset. */
  onMarker(producerId: number, markerOffset: number, commit: boolean): void {
    const first = this.open.get(producerId);
    if (first === undefined) return;
    this.open.delete(producerId);
    if (!commit) this.aborted.push({ producerId, firstOffset: first, lastOffset: markerOffset });
  }

  hasOpenTransaction(producerId: number): boolean {
    return this.open.has(producerId);
  }

  /** First offset of the oldest open transaction, if any. */
  firstUnstableOffset(): number | undefined {
    let min: number | undefined;
    for (const first of this.open.values()) if (min === undefined || first < min) min = first;
    return min;
  }

  lastStableOffset(highWatermark: number): number {
    const first = this.firstUnstableOffset();
    return first === undefined ? highWatermark : Math.min(first, highWatermark);
  }

  /**
   * Aborted transactions overlapping [fetchOffset, upperBound): what a read_committed consumer
   * needs to skip the aborted records among those returned.
   */
  abortedTransactions(fetchOffset: number, upperBound: number): AbortedTxn[] {
    const out: AbortedTxn[] = [];
    // Binary search for the first entry with lastOffset >= fetchOffset.
    let lo = 0;
    let hi = this.aborted.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.aborted[mid]!.lastOffset < fetchOffset) lo = mid + 1;
      else hi = mid;
    }
    for (let i = lo; i < this.aborted.length; i++) {
      const a = this.aborted[i]!;
      if (a.firstOffset < upperBound) out.push(a);
    }
    return out;
  }

  /** The log start moved: aborted transactions wholly below it are no longer needed. */
  truncateBefore(logStartOffset: number): void {
    if (this.aborted.length > 0 && this.aborted[0]!.lastOffset < logStartOffset) {
      this.aborted = this.aborted.filter((a) => a.lastOffset >= logStartOffset);
    }
  }

  /** Aborted entries, for the cleaner (it drops aborted data and, later, the markers). */
  allAborted(): readonly AbortedTxn[] {
    return this.aborted;
  }
}
