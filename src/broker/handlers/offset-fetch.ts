// OffsetFetch (key 9), versions 0-8: one group before v8, a batch of groups from v8; null topics
// (v2+) means every committed offset; require_stable (v7+) answers UNSTABLE_OFFSET_COMMIT while
// transactional offsets are pending.
import { offsetFetchApi } from '../../protocol/messages/offset-fetch.js';
import type { OffsetFetchRequest, OffsetFetchResponse } from '../../protocol/messages/offset-fetch.js';
import type { OffsetFetchResult } from '../group/types.js';
import { registerHandler } from './handler.js';

registerHandler<OffsetFetchRequest, OffsetFetchResponse>({
  api: offsetFetchApi,
  minVersion: 0,
  maxVersion: 8,
  handle(request, ctx) {
    const requireStable = request.requireStable ?? false;
    const fetch = (groupId: string, topics: { name: string; partitionIndexes: number[] }[] | null | undefined): OffsetFetchResult =>
      ctx.state.groups.fetchOffsets({
        groupId,
        topics: topics === null || topics === undefined ? null : topics.map((t) => ({ name: t.name, partitions: t.partitionIndexes })),
        requireStable,
      });
    if (ctx.apiVersion >= 8) {
      return {
        throttleTimeMs: 0,
        groups: (request.groups ?? []).map((g) => {
          const r = fetch(g.groupId, g.topics);
          return {
            groupId: g.groupId,
            errorCode: r.errorCode,
            topics: r.topics.map((t) => ({
              name: t.name,
              partitions: t.partitions.map((p) => ({
                partitionIndex: p.partition,
                committedOffset: p.offset,
                committedLeaderEpoch: p.leaderEpoch,
                metadata: p.metadata,
                errorCode: p.errorCode,
              })),
            })),
          };
        }),
      };
    }
    const r = fetch(request.groupId ?? '', request.topics);
    // Before v2 a partition-level error is how a group problem is reported.
    return {
      throttleTimeMs: 0,
      errorCode: r.errorCode,
      topics: r.topics.map((t) => ({
        name: t.name,
        partitions: t.partitions.map((p) => ({
          partitionIndex: p.partition,
          committedOffset: p.offset,
          committedLeaderEpoch: p.leaderEpoch,
          metadata: p.metadata,
          errorCode: p.errorCode,
        })),
      })),
    };
  },
});
