// The "consumer" embedded protocol of the classic group protocol: the subscription a member sends in
// JoinGroup metadata and the assignment the leader sends back per member in SyncGroup
// (ConsumerProtocolSubscription / ConsumerProtocolAssignment, versions 0-3, classic encoding).
// Decoding reads the fields it knows and ignores trailing bytes of newer versions.

export interface TopicPartitions {
  topic: string;
  partitions: number[];
}

export interface Subscription {
  topics: string[];
  userData: Buffer | null;
  /** v1+: partitions the member owns (cooperative rebalancing). */
  ownedPartitions: TopicPartitions[];
  /** v2+: generation of the owned partitions, -1 when unknown. */
  generationId: number;
  /** v3+. */
  rackId: string | null;
}

export interface Assignment {
  partitions: TopicPartitions[];
  userData: Buffer | null;
}

class ByteWriter {
  private parts: Buffer[] = [];
  int16(v: number): void {
    const b = Buffer.allocUnsafe(2);
    b.writeInt16BE(v);
    this.parts.push(b);
  }
  int32(v: number): void {
    const b = Buffer.allocUnsafe(4);
    b.writeInt32BE(v);
    this.parts.push(b);
  }
  string(s: string | null): void {
    if (s === null) return this.int16(-1);
    const b = Buffer.from(s, 'utf8');
    this.int16(b.length);
    this.parts.push(b);
  }
  bytes(b: Buffer | null): void {
    if (b === null) return this.int32(-1);
    this.int32(b.length);
    this.parts.push(b);
  }
  finish(): Buffer {
    return Buffer.concat(this.parts);
  }
}

class ByteReader {
  offset = 0;
  constructor(private readonly buf: Buffer) {}
  get remaining(): number {
    return this.buf.length - this.offset;
  }
  private need(n: number): void {
    if (this.offset + n > this.buf.length) throw new Error('consumer protocol: truncated data');
  }
  int16(): number {
    this.need(2);
    const v = this.buf.readInt16BE(this.offset);
    this.offset += 2;
    return v;
  }
  int32(): number {
    this.need(4);
    const v = this.buf.readInt32BE(this.offset);
    this.offset += 4;
    return v;
  }
  string(): string | null {
    const n = this.int16();
    if (n < 0) return null;
    this.need(n);
    const s = this.buf.toString('utf8', this.offset, this.offset + n);
    this.offset += n;
    return s;
  }
  bytes(): Buffer | null {
    const n = this.int32();
    if (n < 0) return null;
    this.need(n);
    const b = this.buf.subarray(this.offset, this.offset + n);
    this.offset += n;
    return b;
  }
  array<T>(item: () => T): T[] {
    const n = this.int32();
    if (n < 0) return [];
    if (n > this.remaining) throw new Error('consumer protocol: bad array length');
    const out: T[] = [];
    for (let i = 0; i < n; i++) out.push(item());
    return out;
  }
}

function writeTopicPartitions(w: ByteWriter, list: readonly TopicPartitions[]): void {
  w.int32(list.length);
  for (const tp of list) {
    w.string(tp.topic);
    w.int32(tp.partitions.length);
    for (const p of tp.partitions) w.int32(p);
  }
}

function readTopicPartitions(r: ByteReader): TopicPartitions[] {
  return r.array(() => ({ topic: r.string() ?? '', partitions: r.array(() => r.int32()) }));
}

export function encodeSubscription(s: Partial<Subscription> & { topics: string[] }, version = 3): Buffer {
  const w = new ByteWriter();
  w.int16(version);
  w.int32(s.topics.length);
  for (const t of s.topics) w.string(t);
  w.bytes(s.userData ?? null);
  if (version >= 1) writeTopicPartitions(w, s.ownedPartitions ?? []);
  if (version >= 2) w.int32(s.generationId ?? -1);
  if (version >= 3) w.string(s.rackId ?? null);
  return w.finish();
}

export function decodeSubscription(buf: Buffer): Subscription & { version: number } {
  const r = new ByteReader(buf);
  const version = r.int16();
  const topics = r.array(() => r.string() ?? '');
  const userData = r.bytes();
  const ownedPartitions = version >= 1 && r.remaining > 0 ? readTopicPartitions(r) : [];
  const generationId = version >= 2 && r.remaining > 0 ? r.int32() : -1;
  const rackId = version >= 3 && r.remaining > 0 ? r.string() : null;
  return { version, topics, userData, ownedPartitions, generationId, rackId };
}

export function encodeAssignment(a: Assignment, version = 3): Buffer {
  const w = new ByteWriter();
  w.int16(version);
  writeTopicPartitions(w, a.partitions);
  w.bytes(a.userData);
  return w.finish();
}

export function decodeAssignment(buf: Buffer): Assignment & { version: number } {
  // An empty assignment (a member that got nothing from some leaders) is valid.
  if (buf.length === 0) return { version: 0, partitions: [], userData: null };
  const r = new ByteReader(buf);
  const version = r.int16();
  const partitions = readTopicPartitions(r);
  const userData = r.remaining >= 4 ? r.bytes() : null;
  return { version, partitions, userData };
}
