// The restorer's view of one fetched changelog chunk: records read in place for a store's restore, up to
// an end offset, counted as they are handed out.
import type { FetchedRecords } from '../../../client/index.js';
import type { ChangelogReader, ChangelogRecord, ChangelogRecordView } from '../../processor/state-store.js';

/**
 * Hands out the records of a fetched chunk (a consumer's lazily decoded records of one partition) that
 * lie below an end offset, in place: no object per record. Counts them and keeps the offset of the last
 * one, which is what the restorer needs for its position, metrics and listener. One instance is reused
 * for every chunk (`reset`).
 */
export class FetchedChangelogReader implements ChangelogReader {
  private fetched: FetchedRecords | undefined;
  private endOffset = Number.POSITIVE_INFINITY;
  /** records handed out since `reset` */
  count = 0;
  /** offset of the last record handed out (-1: none) */
  lastOffset = -1;

  /** reads `fetched` from its next record; records at or past `endOffset` are not handed out */
  reset(fetched: FetchedRecords, endOffset: number): this {
    this.fetched = fetched;
    this.endOffset = endOffset;
    this.count = 0;
    this.lastOffset = -1;
    return this;
  }

  next(): ChangelogRecordView | null {
    const fetched = this.fetched;
    if (fetched === undefined) return null;
    const view = fetched.nextView();
    if (view === null || view.offset >= this.endOffset) {
      // records of a chunk come in offset order: nothing after this one is handed out either
      this.fetched = undefined;
      return null;
    }
    this.count++;
    this.lastOffset = view.offset;
    return view;
  }

  /** the next record as a standalone record (key and value view the fetched bytes); null after the last */
  nextRecord(): ChangelogRecord | null {
    const r = this.next();
    if (r === null) return null;
    const { data, keyStart, keyLength, valueStart, valueLength } = r;
    return {
      key: keyLength < 0 ? null : data.subarray(keyStart, keyStart + keyLength),
      value: valueLength < 0 ? null : data.subarray(valueStart, valueStart + valueLength),
      timestamp: r.timestamp,
    };
  }

  /** the remaining records as standalone records (for a store that restores from an array) */
  toRecords(): ChangelogRecord[] {
    const out: ChangelogRecord[] = [];
    for (let r = this.nextRecord(); r !== null; r = this.nextRecord()) out.push(r);
    return out;
  }

  /** whether every record was handed out (a restore reads its reader to the end) */
  get exhausted(): boolean {
    return this.fetched === undefined;
  }
}
