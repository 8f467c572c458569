import type { ChangelogRecord } from '../../streams/processor/state-store.js';
import type { BytesTable } from './bytes-table.js';
import type { StoredValueOf } from './key-value-bytes-store.js';
import type { Segments } from './segments.js';

/** What a batch restore needs of a segmented (window or session) store. */
export interface SegmentedRestoreTarget {
  readonly segments: Segments;
  /** the segment time of a stored key: window start, session end */
  timeOf(storeKey: Buffer): number;
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
