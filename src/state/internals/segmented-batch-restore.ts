import type { ChangelogReader, ChangelogRecord, ChangelogRecordView } from '../../streams/processor/state-store.js';
import type { BytesTable, StoredValueForm } from './bytes-table.js';
import type { StoredValueOf } from './key-value-bytes-store.js';
import type { Segments } from './segments.js';

/** What a batch restore needs of a segmented (window or session) store. */
export interface SegmentedRestoreTarget {
  readonly segments: Segments;
  /** the segment time of a stored key: window start, session end */
  timeOf(storeKey: Buffer): number;
  /** the same for a stored key in place: `data[keyStart, keyStart + keyLength)` */
  timeAt(data: Buffer, keyStart: number, keyLength: number): number;
  /** raises the store's observed stream time to `time` and returns it */
  observe(time: number): number;
  /** counts a record dropped because its segment had expired */
  dropExpired(): void;
}

const keyOf = (r: ChangelogRecord): Buffer | null => r.key;

/**
 * Replays `records[from..to)` (keys are store keys; null keys skipped) into a window or session store
 * with the same outcome as one `put` per record: stream time advances record by record, records of
 * expired segments are dropped. Each run of records that fall into one segment is written at once
 * (`BytesTable.writeBatch`: one write transaction on LMDB). A run is written before a record of
 * another segment is placed, since placing it may drop older segments.
 */
export function restoreSegmentedBatch(
  target: SegmentedRestoreTarget,
  records: readonly ChangelogRecord[],
  from: number,
  to: number,
  valueOf: StoredValueOf,
): void {
  const segments = target.segments;
  let run: BytesTable | undefined;
  let runId = 0;
  let runFrom = from;
  for (let i = from; i < to; i++) {
    const key = records[i]!.key;
    if (key === null) continue; // inside a run, writeBatch skips it too
    const time = target.timeOf(key);
    const streamTime = target.observe(time);
    const id = segments.segmentId(time);
    // same segment as the run: still live (stream time only moved inside this segment)
    if (run !== undefined && id === runId) continue;
    if (run !== undefined) run.writeBatch(records, runFrom, i, keyOf, valueOf);
    run = segments.getOrCreateIfLive(time, streamTime);
    if (run === undefined) {
      target.dropExpired();
      continue;
    }
    runId = id;
    runFrom = i;
  }
  if (run !== undefined) run.writeBatch(records, runFrom, to, keyOf, valueOf);
}

/**
 * The in-place form of {@link restoreSegmentedBatch}: the records of a reader (keys are store keys; null
 * keys skipped), each run of records of one segment written by one `writeFrom` of its table, values
 * kept in `form`. Same outcome as one `put` per record.
 */
export function restoreSegmentedFrom(target: SegmentedRestoreTarget, reader: ChangelogReader, form: StoredValueForm): void {
  const run = new SegmentRun(target, reader);
  let r = reader.next();
  while (r !== null) {
    if (r.keyLength < 0) {
      r = reader.next();
      continue;
    }
    const time = target.timeAt(r.data, r.keyStart, r.keyLength);
    const streamTime = target.observe(time);
    const table = target.segments.getOrCreateIfLive(time, streamTime);
    if (table === undefined) {
      target.dropExpired();
      r = reader.next();
      continue;
    }
    table.writeFrom(run.start(r, target.segments.segmentId(time)), form);
    // the record that ended the run (of another segment), still valid: the reader has not moved past it
    r = run.stoppedAt;
  }
}

/**
 * The records of a reader from a first one while they fall into one segment: stream time advances
 * record by record as they are handed out; the first record of another segment ends the run unread.
 */
class SegmentRun implements ChangelogReader {
  private first: ChangelogRecordView | null = null;
  private segmentId = 0;
  private ended = true;
  /** the record that ended the run (null: the reader's end) */
  stoppedAt: ChangelogRecordView | null = null;

  constructor(
    private readonly target: SegmentedRestoreTarget,
    private readonly reader: ChangelogReader,
  ) {}

  start(first: ChangelogRecordView, segmentId: number): this {
    this.first = first;
    this.segmentId = segmentId;
    this.ended = false;
    this.stoppedAt = null;
    return this;
  }

  next(): ChangelogRecordView | null {
    if (this.ended) return null;
    const first = this.first;
    if (first !== null) {
      this.first = null;
      return first;
    }
    const r = this.reader.next();
    if (r === null) {
      this.ended = true;
      return null;
    }
    // a null key stays in the run: the table skips it
    if (r.keyLength < 0) return r;
    const target = this.target;
    const time = target.timeAt(r.data, r.keyStart, r.keyLength);
    if (target.segments.segmentId(time) !== this.segmentId) {
      this.ended = true;
      this.stoppedAt = r;
      return null;
    }
    // same segment as the run: still live (stream time only moved inside this segment)
    target.observe(time);
    return r;
  }
}
