// AddOffsetsToTxn (key 25), versions 0-3: puts a group's offsets into the producer's transaction.
import { addOffsetsToTxnApi } from '../../protocol/messages/add-offsets-to-txn.js';
import type { AddOffsetsToTxnRequest, AddOffsetsToTxnResponse } from '../../protocol/messages/add-offsets-to-txn.js';
import { registerHandler } from './handler.js';

registerHandler<AddOffsetsToTxnRequest, AddOffsetsToTxnResponse>({
  api: addOffsetsToTxnApi,
  minVersion: 0,
  maxVersion: 3,
  handle(request, ctx) {
    const errorCode = ctx.state.txns.addOffsetsToTxn({
      transactionalId: request.transactionalId,
      producerId: Number(request.producerId),
      producerEpoch: request.producerEpoch,
      groupId: request.groupId,
    });
    return { throttleTimeMs: 0, errorCode };
  },
});
