// Produce (key 0), versions 3-11 (magic v2 record batches only): acks 0, 1 and -1 (all = this one
// broker); idempotent batches are checked per producer id and partition (see state/producer-state.ts).
import { produceApi } from '../../protocol/messages/produce.js';
import type { ProduceRequest, ProduceResponse, PartitionProduceResponse } from '../../protocol/messages/produce.js';
import { ErrorCode } from '../../protocol/errors/index.js';
import { registerHandler } from './handler.js';

registerHandler<ProduceRequest, ProduceResponse>({
  api: produceApi,
  minVersion: 3,
  maxVersion: 11,
  handle(request, ctx) {
    const acksValid = request.acks === 0 || request.acks === 1 || request.acks === -1;
    const keptFrame = mostlyRecords(request);
    const responses = request.topicData.map((t) => {
      const topic = ctx.state.topics.get(t.name);
      return {
        name: t.name,
        partitionResponses: t.partitionData.map((p): PartitionProduceResponse => {
          const answer = (errorCode: number, baseOffset: number, logAppendTime: number, logStartOffset: number, errorMessage: string | null = null) => ({
            index: p.index,
            errorCode,
            baseOffset: BigInt(baseOffset),
            logAppendTimeMs: BigInt(logAppendTime),
            logStartOffset: BigInt(logStartOffset),
            recordErrors: [],
            errorMessage,
          });
          if (!acksValid) return answer(ErrorCode.INVALID_REQUIRED_ACKS, -1, -1, -1);
          const partition = topic?.partitions[p.index];
          if (!topic || !partition) return answer(ErrorCode.UNKNOWN_TOPIC_OR_PARTITION, -1, -1, -1);
          if (p.records === null) return answer(ErrorCode.INVALID_RECORD, -1, -1, -1, 'no records');
          const outcome = partition.appendFromProducer(p.records, topic.config, keptFrame);
          if (outcome.errorCode !== ErrorCode.NONE) {
            ctx.state.log(`produce to ${t.name}-${p.index} rejected (error ${outcome.errorCode}): ${outcome.errorMessage ?? ''}`);
          }
          return answer(outcome.errorCode, outcome.baseOffset, outcome.logAppendTime, partition.log.logStartOffset, outcome.errorMessage ?? null);
        }),
      };
    });
    if (request.acks === 0) return null;
    return { responses, throttleTimeMs: 0 };
  },
});

/**
 * Whether the request's record batches make up most of the frame they are views into: then an in-memory
 * log keeps them as views (the frame is retained anyway) instead of copying each.
 */
function mostlyRecords(request: ProduceRequest): boolean {
  let frame: ArrayBufferLike | undefined;
  let bytes = 0;
  for (const t of request.topicData) {
    for (const p of t.partitionData) {
      const r = p.records;
      if (r === null) continue;
      if (!(r instanceof Uint8Array)) return false;
      if (frame === undefined) frame = r.buffer;
      else if (r.buffer !== frame) return false;
      bytes += r.length;
    }
  }
  return frame !== undefined && bytes * 2 >= frame.byteLength;
}
