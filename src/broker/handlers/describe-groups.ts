// DescribeGroups (key 15), versions 0-5.
import { describeGroupsApi } from '../../protocol/messages/describe-groups.js';
import type { DescribeGroupsRequest, DescribeGroupsResponse } from '../../protocol/messages/describe-groups.js';
import { registerHandler } from './handler.js';

/** Kafka's "not provided" value for authorized operations. */
const AUTHORIZED_OPERATIONS_OMITTED = -2147483648;

registerHandler<DescribeGroupsRequest, DescribeGroupsResponse>({
  api: describeGroupsApi,
  minVersion: 0,
  maxVersion: 5,
  handle(request, ctx) {
    return {
      throttleTimeMs: 0,
      groups: ctx.state.groups.describeGroups(request.groups, ctx.apiVersion).map((g) => ({
        errorCode: g.errorCode,
        groupId: g.groupId,
        groupState: g.groupState,
        protocolType: g.protocolType,
        protocolData: g.protocolData,
        members: g.members.map((m) => ({
          memberId: m.memberId,
          groupInstanceId: m.groupInstanceId,
          clientId: m.clientId,
          clientHost: m.clientHost,
          memberMetadata: Buffer.from(m.metadata),
          memberAssignment: Buffer.from(m.assignment),
        })),
        authorizedOperations: AUTHORIZED_OPERATIONS_OMITTED,
      })),
    };
  },
});
