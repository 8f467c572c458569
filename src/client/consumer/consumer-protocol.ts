// The "consumer" embedded protocol of the classic group protocol: the subscription a member sends in
// JoinGroup metadata and the assignment the leader sends back per member in SyncGroup
// (ConsumerProtocolSubscription / ConsumerProtocolAssignment, versions 0-3, classic encoding).
// Decoding reads the fields it knows and ignores trailing bytes of newer versions; malformed data
// throws the protocol layer's MalformedMessageError.
import { Reader, Writer } from '../../protocol/index.js';

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

function writeTopicPartitions(w: Writer, list: readonly TopicPartitions[]): void {
  w.arrayLength(list.length);
  for (const tp of list) {
    w.string(tp.topic);
    w.arrayLength(tp.partitions.length);
    for (const p of tp.partitions) w.int32(p);
  }
}

/** An int32-counted array; a null (-1) array reads as empty. */
function readArray<T>(r: Reader, item: () => T): T[] {
  const n = r.arrayLength();
  const out: T[] = [];
  for (let i = 0; i < n; i++) out.push(item());
  return out;
}

function readTopicPartitions(r: Reader): TopicPartitions[] {
  return readArray(r, () => ({ topic: r.nullableString() ?? '', partitions: readArray(r, () => r.int32()) }));
}

export function encodeSubscription(s: Partial<Subscription> & { topics: string[] }, version = 3): Buffer {
  const w = new Writer(64);
  w.int16(version);
  w.arrayLength(s.topics.length);
  for (const t of s.topics) w.string(t);
  w.nullableBytes(s.userData ?? null);
  if (version >= 1) writeTopicPartitions(w, s.ownedPartitions ?? []);
  if (version >= 2) w.int32(s.generationId ?? -1);
  if (version >= 3) w.nullableString(s.rackId ?? null);
  return w.finish();
}

export function decodeSubscription(buf: Buffer): Subscription & { version: number } {
  const r = new Reader(buf);
  const version = r.int16();
  const topics = readArray(r, () => r.nullableString() ?? '');
  const userData = r.nullableBytes();
  const ownedPartitions = version >= 1 && r.remaining > 0 ? readTopicPartitions(r) : [];
  const generationId = version >= 2 && r.remaining > 0 ? r.int32() : -1;
  const rackId = version >= 3 && r.remaining > 0 ? r.nullableString() : null;
  return { version, topics, userData, ownedPartitions, generationId, rackId };
}

export function encodeAssignment(a: Assignment, version = 3): Buffer {
  const w = new Writer(64);
  w.int16(version);
  writeTopicPartitions(w, a.partitions);
  w.nullableBytes(a.userData);
  return w.finish();
}

export function decodeAssignment(buf: Buffer): Assignment & { version: number } {
  // An empty assignment (a member that got nothing from some leaders) is valid.
  if (buf.length === 0) return { version: 0, partitions: [], userData: null };
  const r = new Reader(buf);
  const version = r.int16();
  const partitions = readTopicPartitions(r);
  const userData = r.remaining >= 4 ? r.nullableBytes() : null;
  return { version, partitions, userData };
}
