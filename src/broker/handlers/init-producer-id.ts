// InitProducerId (key 22), versions 0-5, for idempotent (non-transactional) producers: a fresh producer
// id with epoch 0, or (v3+, KIP-360) the same id with the next epoch when the producer passes its own.
// Transactional ids are answered with an error until the transaction coordinator exists.
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
    if (request.transactionalId !== null) {
      ctx.state.log(`InitProducerId for transactional id ${request.transactionalId}: transactions are not supported yet`);
      return { throttleTimeMs: 0, errorCode: ErrorCode.TRANSACTIONAL_ID_AUTHORIZATION_FAILED, producerId: -1n, producerEpoch: -1 };
    }
    const previousId = Number(request.producerId ?? -1n);
    const previousEpoch = request.producerEpoch ?? -1;
    if (previousId >= 0 && previousEpoch >= 0 && previousEpoch < MAX_EPOCH - 1) {
      return { throttleTimeMs: 0, errorCode: ErrorCode.NONE, producerId: BigInt(previousId), producerEpoch: previousEpoch + 1 };
    }
    return { throttleTimeMs: 0, errorCode: ErrorCode.NONE, producerId: BigInt(ctx.state.producerIds.allocate()), producerEpoch: 0 };
  },
});
