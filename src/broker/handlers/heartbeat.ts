// Heartbeat (key 12), versions 0-4: REBALANCE_IN_PROGRESS tells a member to rejoin.
import { heartbeatApi } from '../../protocol/messages/heartbeat.js';
import type { HeartbeatRequest, HeartbeatResponse } from '../../protocol/messages/heartbeat.js';
import { registerHandler } from './handler.js';

registerHandler<HeartbeatRequest, HeartbeatResponse>({
  api: heartbeatApi,
  minVersion: 0,
  maxVersion: 4,
  handle(request, ctx) {
    const errorCode = ctx.state.groups.heartbeat({
      groupId: request.groupId,
      generationId: request.generationId,
      memberId: request.memberId,
      groupInstanceId: request.groupInstanceId ?? null,
    });
    return { throttleTimeMs: 0, errorCode };
  },
});
