// DeleteRecords (key 21), versions 0-2: raise a partition's log start offset (-1 means the high watermark).
import { deleteRecordsApi } from '../../protocol/messages/delete-records.js';
import type { DeleteRecordsRequest, DeleteRecordsResponse } from '../../protocol/messages/delete-records.js';
import { ErrorCode } from '../../protocol/errors/index.js';
import { registerHandler } from './handler.js';

registerHandler<DeleteRecordsRequest, DeleteRecordsResponse>({
  api: deleteRecordsApi,
  minVersion: 0,
  maxVersion: 2,
  handle(request, ctx) {
    return {
      throttleTimeMs: 0,
      topics: request.topics.map((t) => {
        const topic = ctx.state.topics.get(t.name);
        return {
          name: t.name,
          partitions: t.partitions.map((p) => {
            const partition = topic?.partitions[p.partitionIndex];
            if (!partition) return { partitionIndex: p.partitionIndex, lowWatermark: -1n, errorCode: ErrorCode.UNKNOWN_TOPIC_OR_PARTITION };
            const hw = partition.highWatermark;
            const offset = p.offset === -1n ? hw : Number(p.offset);
            if (offset < 0 || offset > hw) return { partitionIndex: p.partitionIndex, lowWatermark: BigInt(partition.log.logStartOffset), errorCode: ErrorCode.OFFSET_OUT_OF_RANGE };
            partition.deleteRecordsBefore(offset);
            return { partitionIndex: p.partitionIndex, lowWatermark: BigInt(partition.log.logStartOffset), errorCode: ErrorCode.NONE };
          }),
        };
      }),
    };
  },
});
