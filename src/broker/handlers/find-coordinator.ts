// FindCoordinator (key 10), versions 0-4: this single node coordinates every group and every
// transactional id. v4 answers a batch of keys.
import { findCoordinatorApi } from '../../protocol/messages/find-coordinator.js';
import type { FindCoordinatorRequest, FindCoordinatorResponse } from '../../protocol/messages/find-coordinator.js';
import { ErrorCode } from '../../protocol/errors/index.js';
import { registerHandler } from './handler.js';

const INVALID_REQUEST = 42;

registerHandler<FindCoordinatorRequest, FindCoordinatorResponse>({
  api: findCoordinatorApi,
  minVersion: 0,
  maxVersion: 4,
  handle(request, ctx) {
    const { nodeId, host, port } = ctx.state.settings;
    const keyType = request.keyType ?? 0;
    const errorFor = (key: string): number => (keyType > 1 || (keyType === 0 && key === '') ? INVALID_REQUEST : ErrorCode.NONE);
    if (ctx.apiVersion >= 4) {
      return {
        throttleTimeMs: 0,
        coordinators: (request.coordinatorKeys ?? []).map((key) => {
          const errorCode = errorFor(key);
          return { key, nodeId: errorCode === 0 ? nodeId : -1, host: errorCode === 0 ? host : '', port: errorCode === 0 ? port : -1, errorCode, errorMessage: null };
        }),
      };
    }
    const errorCode = errorFor(request.key ?? '');
    return {
      throttleTimeMs: 0,
      errorCode,
      errorMessage: null,
      nodeId: errorCode === 0 ? nodeId : -1,
      host: errorCode === 0 ? host : '',
      port: errorCode === 0 ? port : -1,
    };
  },
});
