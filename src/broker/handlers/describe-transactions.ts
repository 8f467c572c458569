// DescribeTransactions (key 65), version 0: the coordinator's view of transactional ids.
import { describeTransactionsApi } from '../../protocol/messages/describe-transactions.js';
import type { DescribeTransactionsRequest, DescribeTransactionsResponse } from '../../protocol/messages/describe-transactions.js';
import { ErrorCode } from '../../protocol/errors/index.js';
import { registerHandler } from './handler.js';

registerHandler<DescribeTransactionsRequest, DescribeTransactionsResponse>({
  api: describeTransactionsApi,
  minVersion: 0,
  maxVersion: 0,
  handle(request, ctx) {
    return {
      throttleTimeMs: 0,
      transactionStates: request.transactionalIds.map((transactionalId) => {
        const t = ctx.state.txns.describe(transactionalId);
        if (t === null) {
          return {
            errorCode: ErrorCode.TRANSACTIONAL_ID_NOT_FOUND, transactionalId, transactionState: '', transactionTimeoutMs: 0,
            transactionStartTimeMs: -1n, producerId: -1n, producerEpoch: -1, topics: [],
          };
        }
        const byTopic = new Map<string, number[]>();
        for (const [topic, partition] of t.partitions) byTopic.set(topic, [...(byTopic.get(topic) ?? []), partition]);
        return {
          errorCode: ErrorCode.NONE,
          transactionalId,
          transactionState: t.state,
          transactionTimeoutMs: t.timeoutMs,
          transactionStartTimeMs: BigInt(t.startTimestamp),
          producerId: BigInt(t.producerId),
          producerEpoch: t.producerEpoch,
          topics: [...byTopic].map(([topic, partitions]) => ({ topic, partitions })),
        };
      }),
    };
  },
});
