// What each stream thread tells the group leader (Kafka Streams' SubscriptionInfoData, our own layout):
// who it is (process id shared by all threads of one KafkaStreams instance), where interactive queries
// reach it (application.server), which tasks it ran and how far each task's local state has come.
import { ByteReader, ByteWriter } from './byte-codec.js';
import { AssignmentError } from './errors.js';
import type { TaskKey } from './task-ids.js';

export const SUBSCRIPTION_INFO_VERSION = 1;
const MAGIC = 0x6b73; // "ks"

/** offset sum reported for a task the member is running as active right now (Kafka's Task.LATEST_OFFSET) */
export const LATEST_OFFSET = -2;

export interface SubscriptionInfo {
  version: number;
  latestSupportedVersion: number;
  /** uuid of the KafkaStreams instance, shared by its threads */
  processId: string;
  /** `host:port` for interactive queries, '' when not set */
  userEndPoint: string;
  /** tasks this member ran as active in the previous generation */
  prevActiveTasks: TaskKey[];
  /** tasks this member kept as standby in the previous generation */
  prevStandbyTasks: TaskKey[];
  /** sum of checkpointed changelog offsets per task with local state; LATEST_OFFSET for running actives */
  taskOffsetSums: Map<TaskKey, number>;
  /** changes every time the instance rejoins so the leader sees new subscriptions (Kafka's uniqueField) */
  uniqueField: number;
  /** 0, or an error code the instance wants the leader to see (e.g. shutdown requested) */
  errorCode: number;
  clientTags: Map<string, string>;
}

function uuidToBytes(uuid: string): Buffer {
  const hex = uuid.replace(/-/g, '');
  if (!/^[0-9a-fA-F]{32}$/.test(hex)) throw new AssignmentError('MALFORMED_USER_DATA', `process id is not a uuid: ${uuid}`);
  return Buffer.from(hex, 'hex');
}

function bytesToUuid(b: Buffer): string {
  const h = b.toString('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

export function encodeSubscriptionInfo(info: SubscriptionInfo): Buffer {
  const w = new ByteWriter();
  w.int32(MAGIC).int32(info.version).int32(info.latestSupportedVersion);
  w.bytes(uuidToBytes(info.processId));
  w.string(info.userEndPoint);
  w.array(info.prevActiveTasks, (t) => w.string(t));
  w.array(info.prevStandbyTasks, (t) => w.string(t));
  w.array(info.taskOffsetSums, ([t, sum]) => w.string(t).int64(sum));
  w.int8(info.uniqueField).int32(info.errorCode);
  w.array(info.clientTags, ([k, v]) => w.string(k).string(v));
  return w.finish();
}

export function decodeSubscriptionInfo(data: Buffer): SubscriptionInfo {
  const r = new ByteReader(data);
  if (r.int32() !== MAGIC) throw new AssignmentError('MALFORMED_USER_DATA', 'not a kstreams subscription');
  const version = r.int32();
  const latestSupportedVersion = r.int32();
  if (version > SUBSCRIPTION_INFO_VERSION && latestSupportedVersion < SUBSCRIPTION_INFO_VERSION) {
    throw new AssignmentError('UNSUPPORTED_VERSION', `subscription info version ${version} unsupported`);
  }
  const processId = bytesToUuid(r.bytes(16));
  const userEndPoint = r.string();
  const prevActiveTasks = r.array(() => r.string());
  const prevStandbyTasks = r.array(() => r.string());
  const taskOffsetSums = new Map(r.array(() => [r.string(), r.int64()] as const));
  const uniqueField = r.int8();
  const errorCode = r.int32();
  const clientTags = new Map(r.array(() => [r.string(), r.string()] as const));
  return { version, latestSupportedVersion, processId, userEndPoint, prevActiveTasks, prevStandbyTasks, taskOffsetSums, uniqueField, errorCode, clientTags };
}
