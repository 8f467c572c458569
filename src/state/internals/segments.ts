import type { BytesTable, BytesTableProvider } from './bytes-table.js';

const PREFIX = 'segment-';

/**
 * The time segments of a window or session store (Kafka's `Segments`): one table per
 * `segmentInterval` of time, named after its id; segments older than the retention period are
 * dropped whole. Ids are `floor(time / segmentInterval)`.
 */
export class Segments {
  private readonly tables = new Map<number, BytesTable>();
  private ids: number[] = [];

  constructor(
    private readonly provider: BytesTableProvider,
    readonly retentionPeriod: number,
    readonly segmentInterval: number,
  ) {
    for (const name of provider.tableNames()) {
      if (!name.startsWith(PREFIX)) continue;
      const id = Number(name.slice(PREFIX.length));
      if (Number.isSafeInteger(id)) this.tables.set(id, provider.table(name));
    }
    this.ids = [...this.tables.keys()].sort((a, b) => a - b);
  }

  segmentId(time: number): number {
    return Math.floor(time / this.segmentInterval);
  }

  /** the segment for `time`, created if needed, or undefined if it is already expired at `streamTime` */
  getOrCreateIfLive(time: number, streamTime: number): BytesTable | undefined {
    const id = this.segmentId(time);
    const minLive = this.segmentId(streamTime - this.retentionPeriod);
    if (id < minLive) return undefined;
    let t = this.tables.get(id);
    if (!t) {
      t = this.provider.table(PREFIX + id);
      this.tables.set(id, t);
      this.ids.push(id);
      this.ids.sort((a, b) => a - b);
    }
    this.dropEarlierThan(minLive);
    return t;
  }

  get(time: number): BytesTable | undefined {
    return this.tables.get(this.segmentId(time));
  }

  /** segments whose time span meets [timeFrom, timeTo], oldest first (newest first when backward) */
  between(timeFrom: number, timeTo: number, backward: boolean): BytesTable[] {
    const lo = this.segmentId(timeFrom);
    const hi = this.segmentId(timeTo);
    const out: BytesTable[] = [];
    for (const id of this.ids) if (id >= lo && id <= hi) out.push(this.tables.get(id)!);
    if (backward) out.reverse();
    return out;
  }

  private dropEarlierThan(minLive: number): void {
    while (this.ids.length > 0 && this.ids[0]! < minLive) {
      const id = this.ids.shift()!;
      this.tables.delete(id);
      this.provider.dropTable(PREFIX + id);
    }
  }

  /**
   * The largest segment time stored (window start, session end), or -1 when empty: the stream time
   * of a reopened persistent store. Only the newest segment is read.
   */
  newestTime(timeOf: (storeKey: Buffer) => number): number {
    let newest = -1;
    for (let i = this.ids.length - 1; i >= 0 && newest < 0; i--) {
      const it = this.tables.get(this.ids[i]!)!.scan({});
      try {
        for (const kv of it) newest = Math.max(newest, timeOf(kv.key));
      } finally {
        it.close();
      }
    }
    return newest;
  }

  get count(): number {
    return this.ids.length;
  }

  approximateCount(): number {
    let n = 0;
    for (const t of this.tables.values()) n += t.approximateCount();
    return n;
  }
}

/** Kafka Streams' default segment interval for window and session stores: max(retention / 2, 60 s). */
export function defaultSegmentInterval(retentionPeriod: number): number {
  return Math.max(Math.floor(retentionPeriod / 2), 60_000);
}
