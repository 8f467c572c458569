// ListTransactions (key 66), versions 0-1: transactional ids filtered by state, producer id and
// (v1) how long the transaction has been running.
import { listTransactionsApi } from '../../protocol/messages/list-transactions.js';
import type { ListTransactionsRequest, ListTransactionsResponse } from '../../protocol/messages/list-transactions.js';
import { ErrorCode } from '../../protocol/errors/index.js';
import { registerHandler } from './handler.js';

const STATES = ['Empty', 'Ongoing', 'PrepareCommit', 'PrepareAbort', 'CompleteCommit', 'CompleteAbort', 'Dead'];

registerHandler<ListTransactionsRequest, ListTransactionsResponse>({
  api: listTransactionsApi,
  minVersion: 0,
  maxVersion: 1,
  handle(request, ctx) {
    const states = new Set(request.stateFilters);
    const pids = new Set(request.producerIdFilters.map((p) => Number(p)));
    const minDuration = Number(request.durationFilter ?? -1n);
    const now = ctx.state.coordinators.timer.now();
    const transactionStates = [];
    for (const id of ctx.state.txns.transactionalIds()) {
      const t = ctx.state.txns.describe(id)!;
      if (states.size > 0 && !states.has(t.state)) continue;
      if (pids.size > 0 && !pids.has(t.producerId)) continue;
      if (minDuration >= 0 && (t.state !== 'Ongoing' || now - t.startTimestamp < minDuration)) continue;
      transactionStates.push({ transactionalId: id, producerId: BigInt(t.producerId), transactionState: t.state });
    }
    return {
      throttleTimeMs: 0,
      errorCode: ErrorCode.NONE,
      unknownStateFilters: request.stateFilters.filter((s) => !STATES.includes(s)),
      transactionStates,
    };
  },
});
