// EndTxn (key 26), versions 0-3: commit or abort; markers are written to every partition of the
// transaction before the answer (v5's KIP-890 epoch bump is not served).
import { endTxnApi } from '../../protocol/messages/end-txn.js';
import type { EndTxnRequest, EndTxnResponse } from '../../protocol/messages/end-txn.js';
import { registerHandler } from './handler.js';

registerHandler<EndTxnRequest, EndTxnResponse>({
  api: endTxnApi,
  minVersion: 0,
  maxVersion: 3,
  handle(request, ctx) {
    const errorCode = ctx.state.txns.endTxn({
      transactionalId: request.transactionalId,
      producerId: Number(request.producerId),
      producerEpoch: request.producerEpoch,
      committed: request.committed,
    });
    return { throttleTimeMs: 0, errorCode };
  },
});
