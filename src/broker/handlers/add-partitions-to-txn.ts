// AddPartitionsToTxn (key 24), versions 0-3 (v4+ is KIP-890's batched/verify form: not served).
import { addPartitionsToTxnApi } from '../../protocol/messages/add-partitions-to-txn.js';
import type { AddPartitionsToTxnRequest, AddPartitionsToTxnResponse } from '../../protocol/messages/add-partitions-to-txn.js';
import { registerHandler } from './handler.js';

registerHandler<AddPartitionsToTxnRequest, AddPartitionsToTxnResponse>({
  api: addPartitionsToTxnApi,
  minVersion: 0,
  maxVersion: 3,
  handle(request, ctx) {
    const results = ctx.state.txns.addPartitionsToTxn({
      transactionalId: request.v3AndBelowTransactionalId ?? '',
      producerId: Number(request.v3AndBelowProducerId ?? -1n),
      producerEpoch: request.v3AndBelowProducerEpoch ?? -1,
      topics: request.v3AndBelowTopics ?? [],
    });
    return {
      throttleTimeMs: 0,
      resultsByTopicV3AndBelow: results.map((t) => ({
        name: t.name,
        resultsByPartition: t.partitions.map((p) => ({ partitionIndex: p.partition, partitionErrorCode: p.errorCode })),
      })),
    };
  },
});
