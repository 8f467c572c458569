// TxnOffsetCommit (key 28), versions 0-3: offsets committed inside a transaction, visible once it
// commits. v3 carries the group generation and member id (exactly-once v2), checked like a commit.
import { txnOffsetCommitApi } from '../../protocol/messages/txn-offset-commit.js';
import type { TxnOffsetCommitRequest, TxnOffsetCommitResponse } from '../../protocol/messages/txn-offset-commit.js';
import { registerHandler } from './handler.js';

registerHandler<TxnOffsetCommitRequest, TxnOffsetCommitResponse>({
  api: txnOffsetCommitApi,
  minVersion: 0,
  maxVersion: 3,
  handle(request, ctx) {
    const { txns, groups } = ctx.state;
    const producerId = Number(request.producerId);
    let errorCode = txns.checkTxnOffsetCommit({
      transactionalId: request.transactionalId,
      producerId,
      producerEpoch: request.producerEpoch,
      groupId: request.groupId,
    });
    if (errorCode === 0) {
      errorCode = groups.validateTxnOffsetCommit(request.groupId, request.generationId ?? -1, request.memberId ?? '', request.groupInstanceId ?? null);
    }
    const topics = request.topics.map((t) => ({
      name: t.name,
      partitions: t.partitions.map((p) => ({
        partition: p.partitionIndex,
        offset: p.committedOffset,
        leaderEpoch: p.committedLeaderEpoch ?? -1,
        metadata: p.committedMetadata,
      })),
    }));
    const results =
      errorCode === 0
        ? groups.addTxnOffsets(request.groupId, BigInt(producerId), topics)
        : topics.map((t) => ({ name: t.name, partitions: t.partitions.map((p) => ({ partition: p.partition, errorCode })) }));
    return {
      throttleTimeMs: 0,
      topics: results.map((t) => ({ name: t.name, partitions: t.partitions.map((p) => ({ partitionIndex: p.partition, errorCode: p.errorCode })) })),
    };
  },
});
