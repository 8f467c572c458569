// ListOffsets (key 2), versions 1-10: latest (-1), earliest (-2), max timestamp (-3, v7+), earliest
// local (-4) and latest tiered (-5) which are the same as earliest/latest here, or the first offset
// whose record timestamp is >= the given one.
import { listOffsetsApi } from '../../protocol/messages/list-offsets.js';
import type { ListOffsetsRequest, ListOffsetsResponse, ListOffsetsPartitionResponse } from '../../protocol/messages/list-offsets.js';
import { ErrorCode } from '../../protocol/errors/index.js';
import { registerHandler } from './handler.js';

registerHandler<ListOffsetsRequest, ListOffsetsResponse>({
  api: listOffsetsApi,
  minVersion: 1,
  maxVersion: 10,
  handle(request, ctx) {
    return {
      throttleTimeMs: 0,
      topics: request.topics.map((t) => {
        const topic = ctx.state.topics.get(t.name);
        return {
          name: t.name,
          partitions: t.partitions.map((p): ListOffsetsPartitionResponse => {
            const partition = topic?.partitions[p.partitionIndex];
            const answer = (errorCode: number, offset: number, timestamp: number) => ({
              partitionIndex: p.partitionIndex,
              errorCode,
              timestamp: BigInt(timestamp),
              offset: BigInt(offset),
              // Non-ignorable before v4: only sent where the version has it.
              leaderEpoch: ctx.apiVersion >= 4 ? (partition?.leaderEpoch ?? -1) : -1,
            });
            if (!partition) return answer(ErrorCode.UNKNOWN_TOPIC_OR_PARTITION, -1, -1);
            const log = partition.log;
            const ts = Number(p.timestamp);
            const readCommitted = (request.isolationLevel ?? 0) === 1;
            switch (ts) {
              case -1:
              case -5:
                return answer(ErrorCode.NONE, readCommitted ? partition.lastStableOffset : partition.highWatermark, -1);
              case -2:
              case -4:
                return answer(ErrorCode.NONE, log.logStartOffset, -1);
              case -3: {
                const hit = log.maxTimestamp();
                return hit ? answer(ErrorCode.NONE, hit.offset, hit.timestamp) : answer(ErrorCode.NONE, -1, -1);
              }
              default: {
                if (ts < 0) return answer(ErrorCode.INVALID_REQUEST, -1, -1);
                const hit = log.offsetForTimestamp(ts);
                return hit ? answer(ErrorCode.NONE, hit.offset, hit.timestamp) : answer(ErrorCode.NONE, -1, -1);
              }
            }
          }),
        };
      }),
    };
  },
});
