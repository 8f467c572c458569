// ListGroups (key 16), versions 0-5: v4 filters by state, v5 by type (only "classic" groups here).
import { listGroupsApi } from '../../protocol/messages/list-groups.js';
import type { ListGroupsRequest, ListGroupsResponse } from '../../protocol/messages/list-groups.js';
import { ErrorCode } from '../../protocol/errors/index.js';
import { registerHandler } from './handler.js';

registerHandler<ListGroupsRequest, ListGroupsResponse>({
  api: listGroupsApi,
  minVersion: 0,
  maxVersion: 5,
  handle(request, ctx) {
    const types = (request.typesFilter ?? []).map((t) => t.toLowerCase());
    const groups = types.length > 0 && !types.includes('classic') ? [] : ctx.state.groups.listGroups(request.statesFilter ?? null);
    return {
      throttleTimeMs: 0,
      errorCode: ErrorCode.NONE,
      groups: groups.map((g) => ({ groupId: g.groupId, protocolType: g.protocolType, groupState: g.groupState, groupType: 'classic' })),
    };
  },
});
