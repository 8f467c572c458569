// What the leader hands each stream thread (Kafka Streams' AssignmentInfo, our own layout): its active
// tasks with their input partitions, its standby tasks with their changelog-relevant source partitions,
// the host -> partitions maps interactive queries use to find a key's owner, and when to rebalance again.
import { ByteReader, ByteWriter } from './byte-codec.js';
import { AssignmentError } from './errors.js';
import type { TaskKey } from './task-ids.js';

export const ASSIGNMENT_INFO_VERSION = 1;
const MAGIC = 0x6b61; // "ka"

/** nextRebalanceMs when no follow-up rebalance is scheduled */
export const NO_FOLLOWUP_REBALANCE = -1;

export interface TopicPartitionRef {
  topic: string;
  partition: number;
}

export interface AssignmentInfo {
  version: number;
  commonlySupportedVersion: number;
  /** active task -> its input partitions (the member's assigned partitions are their union) */
  activeTasks: Map<TaskKey, TopicPartitionRef[]>;
  /** standby task -> the source partitions it mirrors */
  standbyTasks: Map<TaskKey, TopicPartitionRef[]>;
  /** `host:port` -> partitions of active tasks there */
  partitionsByHost: Map<string, TopicPartitionRef[]>;
  /** `host:port` -> partitions of standby tasks there */
  standbyPartitionsByHost: Map<string, TopicPartitionRef[]>;
  errorCode: number;
  /** wall-clock time (ms) of the next rebalance the member should trigger; 0 = at once; -1 = none */
  nextRebalanceMs: number;
}

function writePartitions(w: ByteWriter, tps: readonly TopicPartitionRef[]): void {
  // grouped by topic to keep the userData small
  const byTopic = new Map<string, number[]>();
  for (const tp of tps) {
    let list = byTopic.get(tp.topic);
    if (!list) byTopic.set(tp.topic, (list = []));
    list.push(tp.partition);
  }
  w.array(byTopic, ([topic, parts]) => {
    w.string(topic);
    w.array(parts, (p) => w.int32(p));
  });
}

function readPartitions(r: ByteReader): TopicPartitionRef[] {
  const out: TopicPartitionRef[] = [];
  r.array(() => {
    const topic = r.string();
    for (const partition of r.array(() => r.int32())) out.push({ topic, partition });
  });
  return out;
}

export function encodeAssignmentInfo(info: AssignmentInfo): Buffer {
  const w = new ByteWriter();
  w.int32(MAGIC).int32(info.version).int32(info.commonlySupportedVersion);
  for (const map of [info.activeTasks, info.standbyTasks, info.partitionsByHost, info.standbyPartitionsByHost]) {
    w.array(map, ([key, tps]) => {
      w.string(key);
      writePartitions(w, tps);
    });
  }
  w.int32(info.errorCode).int64(info.nextRebalanceMs);
  return w.finish();
}

export function decodeAssignmentInfo(data: Buffer): AssignmentInfo {
  const r = new ByteReader(data);
  if (r.int32() !== MAGIC) throw new AssignmentError('MALFORMED_USER_DATA', 'not a kstreams assignment');
  const version = r.int32();
  const commonlySupportedVersion = r.int32();
  if (commonlySupportedVersion > ASSIGNMENT_INFO_VERSION) {
    throw new AssignmentError('UNSUPPORTED_VERSION', `assignment info version ${version} unsupported`);
  }
  const readMap = (): Map<string, TopicPartitionRef[]> => new Map(r.array(() => [r.string(), readPartitions(r)] as const));
  const activeTasks = readMap();
  const standbyTasks = readMap();
  const partitionsByHost = readMap();
  const standbyPartitionsByHost = readMap();
  const errorCode = r.int32();
  const nextRebalanceMs = r.int64();
  return { version, commonlySupportedVersion, activeTasks, standbyTasks, partitionsByHost, standbyPartitionsByHost, errorCode, nextRebalanceMs };
}
