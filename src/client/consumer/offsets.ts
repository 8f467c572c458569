// Offset requests shared by the consumer and admin: ListOffsets (earliest / latest / by timestamp),
// OffsetFetch (a group's committed offsets) and OffsetCommit.
import { listOffsetsApi } from '../../protocol/messages/list-offsets.js';
import { offsetCommitApi } from '../../protocol/messages/offset-commit.js';
import { offsetFetchApi } from '../../protocol/messages/offset-fetch.js';
import { brokerError, COORDINATOR_CODES, METADATA_REFRESH_CODES } from '../broker-error.js';
import type { Cluster } from '../network/cluster.js';
import { backoffDelay, sleep } from '../retry.js';
import type { CommittedOffset, TopicPartition } from './types.js';

export const EARLIEST = -2;
export const LATEST = -1;

const MAX_OFFSET_FETCH_VERSION = 7;
const MAX_OFFSET_COMMIT_VERSION = 8;
/**
 * v3 has everything the client uses (isolation level, timestamp lookup). librdkafka's mock cluster
 * misencodes v4+ responses holding several partitions, and v4+ only adds leader epochs we do not use.
 */
const MAX_LIST_OFFSETS_VERSION = 3;

function groupBy<T extends TopicPartition>(items: readonly T[]): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const i of items) {
    const l = out.get(i.topic);
    if (l) l.push(i);
    else out.set(i.topic, [i]);
  }
  return out;
}

export interface ListOffsetsResult extends TopicPartition {
  offset: number;
  timestamp: number;
}

/**
 * Offsets for `timestamp` per partition: EARLIEST (-2), LATEST (-1) or a time in ms (first offset with a
 * timestamp at or after it; -1 when none). Requests go to each partition's leader.
 */
export async function listOffsets(
  cluster: Cluster,
  requests: ReadonlyArray<TopicPartition & { timestamp: number }>,
  isolationLevel: 0 | 1 = 0,
): Promise<ListOffsetsResult[]> {
  for (let attempt = 0; ; attempt++) {
    await cluster.ensureTopics(new Set(requests.map((r) => r.topic)));
    const byLeader = new Map<number, Array<TopicPartition & { timestamp: number }>>();
    for (const r of requests) {
      const leader = cluster.leaderFor(r.topic, r.partition);
      if (leader === undefined) throw brokerError(3, `list offsets of ${r.topic}-${r.partition}`);
      const l = byLeader.get(leader);
      if (l) l.push(r);
      else byLeader.set(leader, [r]);
    }
    try {
      const results = await Promise.all(
        [...byLeader].map(async ([leader, items]) => {
          const conn = await cluster.connection(leader);
          const res = await conn.request(listOffsetsApi, {
            replicaId: -1,
            isolationLevel,
            topics: [...groupBy(items)].map(([name, ps]) => ({
              name,
              partitions: ps.map((p) => ({ partitionIndex: p.partition, currentLeaderEpoch: -1, timestamp: BigInt(p.timestamp), maxNumOffsets: 1 })),
            })),
            timeoutMs: cluster.options.requestTimeoutMs,
          }, { version: Math.min(conn.versionFor(listOffsetsApi), MAX_LIST_OFFSETS_VERSION) });
          const out: ListOffsetsResult[] = [];
          for (const t of res.topics) {
            for (const p of t.partitions) {
              if (p.errorCode !== 0) throw brokerError(p.errorCode, `list offsets of ${t.name}-${p.partitionIndex}`);
              const offset = p.offset ?? p.oldStyleOffsets?.[0] ?? -1n;
              out.push({ topic: t.name, partition: p.partitionIndex, offset: Number(offset), timestamp: Number(p.timestamp ?? -1n) });
            }
          }
          return out;
        }),
      );
      return results.flat();
    } catch (err) {
      const code = (err as { errorCode?: number }).errorCode;
      const retriable = (err as { retriable?: boolean }).retriable === true;
      if (((code !== undefined && METADATA_REFRESH_CODES.has(code)) || retriable) && attempt < cluster.options.retries) {
        await cluster.refreshMetadata().catch(() => undefined);
        await sleep(backoffDelay(cluster.options, attempt));
        continue;
      }
      throw err;
    }
  }
}

/** Runs a group request against the group's coordinator, finding it again when it moved. */
export async function withGroupCoordinator<T>(
  cluster: Cluster,
  groupId: string,
  fn: (conn: Awaited<ReturnType<Cluster['connection']>>) => Promise<T>,
  errorCodeOf: (res: T) => number,
  what: string,
): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    const nodeId = await cluster.findCoordinator(groupId, 0);
    const conn = await cluster.connection(nodeId, 'group');
    let res: T;
    try {
      res = await fn(conn);
    } catch (err) {
      if ((err as { retriable?: boolean }).retriable && attempt < cluster.options.retries) {
        await sleep(backoffDelay(cluster.options, attempt));
        continue;
      }
      throw err;
    }
    const code = errorCodeOf(res);
    if (code === 0) return res;
    if ((COORDINATOR_CODES.has(code) || code === 14) && attempt < Math.max(10, cluster.options.retries)) {
      await sleep(backoffDelay(cluster.options, attempt));
      continue;
    }
    throw brokerError(code, what);
  }
}

/** Committed offsets of `groupId` for the partitions (all of the group's partitions when null). */
export async function fetchCommitted(
  cluster: Cluster,
  groupId: string,
  partitions: readonly TopicPartition[] | null,
  requireStable = false,
): Promise<CommittedOffset[]> {
  const res = await withGroupCoordinator(
    cluster,
    groupId,
    (conn) =>
      conn.request(
        offsetFetchApi,
        {
          groupId,
          topics: partitions === null ? null : [...groupBy(partitions)].map(([name, ps]) => ({ name, partitionIndexes: ps.map((p) => p.partition) })),
          requireStable,
        },
        { version: Math.min(conn.versionFor(offsetFetchApi), MAX_OFFSET_FETCH_VERSION) },
      ),
    (r) => {
      const top = r.errorCode ?? 0;
      if (top !== 0) return top;
      for (const t of r.topics ?? []) for (const p of t.partitions) if (p.errorCode !== 0) return p.errorCode;
      return 0;
    },
    `OffsetFetch(${groupId})`,
  );
  const out: CommittedOffset[] = [];
  for (const t of res.topics ?? []) {
    for (const p of t.partitions) {
      out.push({ topic: t.name, partition: p.partitionIndex, offset: Number(p.committedOffset), metadata: p.metadata, leaderEpoch: p.committedLeaderEpoch ?? -1 });
    }
  }
  return out;
}

export interface CommitRequest extends TopicPartition {
  offset: number;
  metadata?: string | null;
  leaderEpoch?: number;
}

/** Commits offsets for a group member (generation -1 and member '' for a consumer without a group membership). */
export async function commitOffsets(
  cluster: Cluster,
  groupId: string,
  offsets: readonly CommitRequest[],
  member: { generationId: number; memberId: string; groupInstanceId: string | null },
): Promise<void> {
  await withGroupCoordinator(
    cluster,
    groupId,
    (conn) =>
      conn.request(
        offsetCommitApi,
        {
          groupId,
          generationIdOrMemberEpoch: member.generationId,
          memberId: member.memberId,
          groupInstanceId: member.groupInstanceId,
          retentionTimeMs: -1n,
          topics: [...groupBy(offsets)].map(([name, ps]) => ({
            name,
            partitions: ps.map((p) => ({
              partitionIndex: p.partition,
              committedOffset: BigInt(p.offset),
              committedLeaderEpoch: p.leaderEpoch ?? -1,
              commitTimestamp: -1n,
              committedMetadata: p.metadata ?? '',
            })),
          })),
        },
        { version: Math.min(conn.versionFor(offsetCommitApi), MAX_OFFSET_COMMIT_VERSION) },
      ),
    (r) => {
      for (const t of r.topics) for (const p of t.partitions) if (p.errorCode !== 0) return p.errorCode;
      return 0;
    },
    `OffsetCommit(${groupId})`,
  );
}
