/**
 * A time interval of a windowed aggregation (Kafka Streams' `Window`): `start` inclusive, `end` as
 * the window type defines it (exclusive for time windows, inclusive for session windows), in ms.
 * Windows of unbounded size end at `Number.MAX_SAFE_INTEGER`.
 */
export class Window {
  constructor(
    readonly start: number,
    readonly end: number,
  ) {
    if (start < 0) throw new RangeError(`window start must be >= 0, got ${start}`);
    if (end < start) throw new RangeError(`window end (${end}) must not be before its start (${start})`);
  }

  /** true when both windows share at least one point in time */
  overlap(other: Window): boolean {
    return this.start < other.end && other.start < this.end;
  }

  equals(other: Window): boolean {
    return this.constructor === other.constructor && this.start === other.start && this.end === other.end;
  }

  toString(): string {
    return `Window{startMs=${this.start}, endMs=${this.end}}`;
  }
}

/** A fixed-size, hopping or tumbling window [start, end): `end` is exclusive and after `start`. */
export class TimeWindow extends Window {
  constructor(start: number, end: number) {
    if (end <= start) throw new RangeError(`time window end (${end}) must be after its start (${start})`);
    super(start, end);
  }
}

/** A session window [start, end] from its first to its last record; both ends inclusive. */
export class SessionWindow extends Window {
  override overlap(other: Window): boolean {
    return !(other.end < this.start || this.end < other.start);
  }
}

/** A key of a windowed aggregation: the record key plus its window (Kafka Streams' `Windowed<K>`). */
export class Windowed<K> {
  constructor(
    readonly key: K,
    readonly window: Window,
  ) {}

  equals(other: Windowed<K>, keyEquals: (a: K, b: K) => boolean = Object.is): boolean {
    return keyEquals(this.key, other.key) && this.window.equals(other.window);
  }

  toString(): string {
    return `[${String(this.key)}@${this.window.start}/${this.window.end}]`;
  }
}
