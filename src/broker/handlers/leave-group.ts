// LeaveGroup (key 13), versions 0-5: one member before v3, a batch of members (static ones by
// instance id) from v3.
import { leaveGroupApi } from '../../protocol/messages/leave-group.js';
import type { LeaveGroupRequest, LeaveGroupResponse } from '../../protocol/messages/leave-group.js';
import { registerHandler } from './handler.js';

registerHandler<LeaveGroupRequest, LeaveGroupResponse>({
  api: leaveGroupApi,
  minVersion: 0,
  maxVersion: 5,
  handle(request, ctx) {
    const batched = ctx.apiVersion >= 3;
    const members = batched
      ? (request.members ?? []).map((m) => ({ memberId: m.memberId, groupInstanceId: m.groupInstanceId }))
      : [{ memberId: request.memberId ?? '', groupInstanceId: null }];
    const result = ctx.state.groups.leaveGroup({ groupId: request.groupId, members });
    if (batched) return { throttleTimeMs: 0, errorCode: result.errorCode, members: [...result.members] };
    // Before v3 the one member's error is the response's error.
    return { throttleTimeMs: 0, errorCode: result.errorCode !== 0 ? result.errorCode : (result.members[0]?.errorCode ?? 0) };
  },
});
