// SyncGroup (key 14), versions 0-5: the leader's assignments, delivered to each member byte for byte.
import { syncGroupApi } from '../../protocol/messages/sync-group.js';
import type { SyncGroupRequest, SyncGroupResponse } from '../../protocol/messages/sync-group.js';
import { registerHandler } from './handler.js';

registerHandler<SyncGroupRequest, SyncGroupResponse>({
  api: syncGroupApi,
  minVersion: 0,
  maxVersion: 5,
  handle(request, ctx) {
    return new Promise<SyncGroupResponse>((resolve) => {
      ctx.state.groups.syncGroup(
        {
          groupId: request.groupId,
          generationId: request.generationId,
          memberId: request.memberId,
          groupInstanceId: request.groupInstanceId ?? null,
          protocolType: request.protocolType ?? null,
          protocolName: request.protocolName ?? null,
          assignments: request.assignments,
        },
        (r) =>
          resolve({
            throttleTimeMs: 0,
            errorCode: r.errorCode,
            protocolType: r.protocolType,
            protocolName: r.protocolName,
            assignment: Buffer.isBuffer(r.assignment) ? r.assignment : Buffer.from(r.assignment),
          }),
      );
    });
  },
});
