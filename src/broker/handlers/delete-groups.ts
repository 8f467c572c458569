// DeleteGroups (key 42), versions 0-2: only empty groups can go; their offsets go with them.
import { deleteGroupsApi } from '../../protocol/messages/delete-groups.js';
import type { DeleteGroupsRequest, DeleteGroupsResponse } from '../../protocol/messages/delete-groups.js';
import { registerHandler } from './handler.js';

registerHandler<DeleteGroupsRequest, DeleteGroupsResponse>({
  api: deleteGroupsApi,
  minVersion: 0,
  maxVersion: 2,
  handle(request, ctx) {
    return { throttleTimeMs: 0, results: ctx.state.groups.deleteGroups(request.groupsNames) };
  },
});
