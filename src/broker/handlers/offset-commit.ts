// OffsetCommit (key 8), versions 0-8 (v9 belongs to the KIP-848 consumer protocol).
import { offsetCommitApi } from '../../protocol/messages/offset-commit.js';
import type { OffsetCommitRequest, OffsetCommitResponse } from '../../protocol/messages/offset-commit.js';
import { registerHandler } from './handler.js';

registerHandler<OffsetCommitRequest, OffsetCommitResponse>({
  api: offsetCommitApi,
  minVersion: 0,
  maxVersion: 8,
  handle(request, ctx) {
    const topics = ctx.state.groups.commitOffsets({
      groupId: request.groupId,
      // v0 has no generation: a commit outside group management.
      generationId: ctx.apiVersion >= 1 ? (request.generationIdOrMemberEpoch ?? -1) : -1,
      memberId: request.memberId ?? '',
      groupInstanceId: request.groupInstanceId ?? null,
      apiVersion: ctx.apiVersion,
      topics: request.topics.map((t) => ({
        name: t.name,
        partitions: t.partitions.map((p) => ({
          partition: p.partitionIndex,
          offset: p.committedOffset,
          leaderEpoch: p.committedLeaderEpoch ?? -1,
          metadata: p.committedMetadata,
        })),
      })),
    });
    return {
      throttleTimeMs: 0,
      topics: topics.map((t) => ({ name: t.name, partitions: t.partitions.map((p) => ({ partitionIndex: p.partition, errorCode: p.errorCode })) })),
    };
  },
});
