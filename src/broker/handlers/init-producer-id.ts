// InitProducerId (key 22), versions 0-5, for idempotent (non-transactional) producers: a fresh producer
// id with epoch 0, or (v3+, KIP-360) the same id with the next epoch when the producer passes its own.
// Transactional ids go to the transaction coordinator.
import { initProducerIdApi } from '../../protocol/messages/init-producer-id.js';
import type { InitProducerIdRequest, InitProducerIdResponse } from '../../protocol/messages/init-producer-id.js';
import { ErrorCode } from '../../protocol/errors/index.js';
import { registerHandler } from './handler.js';

const MAX_EPOCH = 32767;

registerHandler<InitProducerIdRequest, InitProducerIdResponse>({
  api: initProducerIdApi,
  minVersion: 0,
  maxVersion: 5,
  handle(request, ctx) {
    if (request.transactionalId !== null && request.transactionalId !== '') {
      // Transactional producers: the transaction coordinator (txn/) owns ids, epochs and fencing.
      const r = ctx.state.txns.initProducerId({
        transactionalId: request.transactionalId,
        transactionTimeoutMs: request.transactionTimeoutMs,
        producerId: Number(request.producerId ?? -1n),
        producerEpoch: request.producerEpoch ?? -1,
      });
      return { throttleTimeMs: 0, errorCode: r.errorCode, producerId: BigInt(r.producerId), producerEpoch: r.producerEpoch };
    }
    const previousId = Number(request.producerId ?? -1n);
    const previousEpoch = request.producerEpoch ?? -1;
    if (previousId >= 0 && previousEpoch >= 0 && previousEpoch < MAX_EPOCH - 1) {
      return { throttleTimeMs: 0, errorCode: ErrorCode.NONE, producerId: BigInt(previousId), producerEpoch: previousEpoch + 1 };
    }
    return { throttleTimeMs: 0, errorCode: ErrorCode.NONE, producerId: BigInt(ctx.state.producerIds.allocate()), producerEpoch: 0 };
  },
});
