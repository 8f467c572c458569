// Fetch (key 1), versions 4-17: whole batches from each partition's log, at most partitionMaxBytes per
// partition and maxBytes in all, except that the first partition with data returns at least one batch
// (KIP-74). Long poll: when fewer than minBytes are ready, waits up to maxWaitMs for appends.
// Topic ids replace names from v13. No fetch sessions (sessionId 0: every fetch is a full fetch).
// read_committed (isolationLevel 1) stops at the last stable offset and lists aborted transactions.
import { fetchApi } from '../../protocol/messages/fetch.js';
import type { AbortedTransaction, FetchRequest, FetchResponse, FetchableTopicResponse, PartitionData } from '../../protocol/messages/fetch.js';
import { batchesBelow } from '../txn/marker-batches.js';
import { ZERO_UUID } from '../../protocol/index.js';
import { ErrorCode } from '../../protocol/errors/index.js';
import type { Partition } from '../state/partition.js';
import type { RequestContext } from './handler.js';
import { registerHandler } from './handler.js';

interface Gathered {
  readonly response: FetchResponse;
  readonly bytes: number;
  readonly errors: boolean;
  readonly partitions: Partition[];
}

function gather(request: FetchRequest, ctx: RequestContext): Gathered {
  const { state, apiVersion } = ctx;
  const byId = apiVersion >= 13;
  const readCommitted = (request.isolationLevel ?? 0) === 1;
  let remaining = request.maxBytes ?? 0x7fffffff;
  let bytes = 0;
  let errors = false;
  const partitions: Partition[] = [];
  const responses: FetchableTopicResponse[] = request.topics.map((t) => {
    const topic = byId ? state.topics.getById(t.topicId ?? ZERO_UUID) : state.topics.get(t.topic ?? '');
    const unknownCode = byId ? ErrorCode.UNKNOWN_TOPIC_ID : ErrorCode.UNKNOWN_TOPIC_OR_PARTITION;
    const result: FetchableTopicResponse = byId ? { topicId: t.topicId ?? ZERO_UUID, partitions: [] } : { topic: t.topic ?? '', partitions: [] };
    result.partitions = t.partitions.map((p): PartitionData => {
      const partition = topic?.partitions[p.partition];
      const base = { partitionIndex: p.partition, abortedTransactions: null, preferredReadReplica: -1 };
      if (!partition) {
        errors = true;
        return { ...base, errorCode: topic ? ErrorCode.UNKNOWN_TOPIC_OR_PARTITION : unknownCode, highWatermark: -1n, lastStableOffset: -1n, logStartOffset: -1n, records: null };
      }
      partitions.push(partition);
      const log = partition.log;
      const offsets = {
        highWatermark: BigInt(partition.highWatermark),
        lastStableOffset: BigInt(partition.lastStableOffset),
        logStartOffset: BigInt(log.logStartOffset),
      };
      const fetchOffset = Number(p.fetchOffset);
      if (fetchOffset < log.logStartOffset || fetchOffset > log.logEndOffset) {
        errors = true;
        return { ...base, ...offsets, errorCode: ErrorCode.OFFSET_OUT_OF_RANGE, records: null };
      }
      let read: { chunks: readonly Buffer[]; bytes: number } = log.read(fetchOffset, Math.min(p.partitionMaxBytes, remaining), bytes === 0);
      let abortedTransactions: AbortedTransaction[] | null = null;
      if (readCommitted) {
        // read_committed: nothing at or past the last stable offset, plus the aborted transactions
        // among what is returned so the consumer can skip them.
        const lso = partition.lastStableOffset;
        read = batchesBelow(read.chunks, lso);
        abortedTransactions = partition.txns
          .abortedTransactions(fetchOffset, lso)
          .map((a) => ({ producerId: BigInt(a.producerId), firstOffset: BigInt(a.firstOffset) }));
      }
      remaining -= read.bytes;
      bytes += read.bytes;
      const records = read.chunks.length === 1 ? read.chunks[0]! : Buffer.concat(read.chunks as Buffer[], read.bytes);
      return { ...base, ...offsets, abortedTransactions, errorCode: ErrorCode.NONE, records };
    });
    return result;
  });
  return { response: { throttleTimeMs: 0, errorCode: ErrorCode.NONE, sessionId: 0, responses }, bytes, errors, partitions };
}

registerHandler<FetchRequest, FetchResponse>({
  api: fetchApi,
  minVersion: 4,
  maxVersion: 17,
  sizeHint(response) {
    let bytes = 0;
    for (const t of response.responses) for (const p of t.partitions) bytes += (p.records?.length ?? 0) + 64;
    return bytes;
  },
  handle(request, ctx) {
    const first = gather(request, ctx);
    if (first.bytes >= request.minBytes || first.errors || request.maxWaitMs <= 0 || first.partitions.length === 0) return first.response;
    return new Promise<FetchResponse>((resolve) => {
      let done = false;
      const cancels: (() => void)[] = [];
      const finish = () => {
        if (done) return;
        done = true;
        clearTimeout(timer);
        for (const c of cancels) c();
        resolve(gather(request, ctx).response);
      };
      const timer = setTimeout(finish, request.maxWaitMs);
      const watch = () => {
        cancels.length = 0;
        for (const p of first.partitions) cancels.push(p.onNextAppend(onAppend));
      };
      // Appends arrive batch by batch: count how much the logs grew (cheap) and read only once the
      // growth can satisfy minBytes.
      const sizeNow = () => first.partitions.reduce((n, p) => n + p.log.sizeInBytes, 0);
      const sizeAtStart = sizeNow();
      const onAppend = () => {
        if (done) return;
        for (const c of cancels) c();
        if (first.bytes + sizeNow() - sizeAtStart < request.minBytes) return watch();
        const again = gather(request, ctx);
        if (again.bytes >= request.minBytes || again.errors) {
          done = true;
          clearTimeout(timer);
          resolve(again.response);
          return;
        }
        watch();
      };
      watch();
      void ctx.closed.then(finish);
    });
  },
});
