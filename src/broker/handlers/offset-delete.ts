// OffsetDelete (key 47), version 0: removes committed offsets of topics the group no longer consumes.
import { offsetDeleteApi } from '../../protocol/messages/offset-delete.js';
import type { OffsetDeleteRequest, OffsetDeleteResponse } from '../../protocol/messages/offset-delete.js';
import { registerHandler } from './handler.js';

registerHandler<OffsetDeleteRequest, OffsetDeleteResponse>({
  api: offsetDeleteApi,
  minVersion: 0,
  maxVersion: 0,
  handle(request, ctx) {
    const r = ctx.state.groups.deleteOffsets(
      request.groupId,
      request.topics.map((t) => ({ name: t.name, partitions: t.partitions.map((p) => p.partitionIndex) })),
    );
    return {
      throttleTimeMs: 0,
      errorCode: r.errorCode,
      topics: r.topics.map((t) => ({ name: t.name, partitions: t.partitions.map((p) => ({ partitionIndex: p.partition, errorCode: p.errorCode })) })),
    };
  },
});
