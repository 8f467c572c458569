// JoinGroup (key 11), versions 0-9: hands off to the group coordinator; the response waits
// (parked) until the rebalance completes. v4+: a first join gets MEMBER_ID_REQUIRED.
import { joinGroupApi } from '../../protocol/messages/join-group.js';
import type { JoinGroupRequest, JoinGroupResponse } from '../../protocol/messages/join-group.js';
import { registerHandler } from './handler.js';

registerHandler<JoinGroupRequest, JoinGroupResponse>({
  api: joinGroupApi,
  minVersion: 0,
  maxVersion: 9,
  handle(request, ctx) {
    return new Promise<JoinGroupResponse>((resolve) => {
      ctx.state.groups.joinGroup(
        {
          groupId: request.groupId,
          memberId: request.memberId,
          groupInstanceId: request.groupInstanceId ?? null,
          protocolType: request.protocolType,
          protocols: request.protocols,
          sessionTimeoutMs: request.sessionTimeoutMs,
          rebalanceTimeoutMs: ctx.apiVersion >= 1 ? (request.rebalanceTimeoutMs ?? request.sessionTimeoutMs) : request.sessionTimeoutMs,
          clientId: ctx.clientId ?? '',
          clientHost: ctx.clientHost ?? '',
          requireKnownMemberId: ctx.apiVersion >= 4,
          supportsSkipAssignment: ctx.apiVersion >= 9,
        },
        (r) =>
          resolve({
            throttleTimeMs: 0,
            errorCode: r.errorCode,
            generationId: r.generationId,
            protocolType: r.protocolType,
            // Nullable from v7; older versions carry "" instead.
            protocolName: r.protocolName ?? (ctx.apiVersion >= 7 ? null : ''),
            leader: r.leader,
            skipAssignment: r.skipAssignment,
            memberId: r.memberId,
            members: r.members.map((m) => ({ memberId: m.memberId, groupInstanceId: m.groupInstanceId, metadata: asBuffer(m.metadata) })),
          }),
      );
    });
  },
});

function asBuffer(b: Uint8Array): Buffer {
  return Buffer.isBuffer(b) ? b : Buffer.from(b.buffer, b.byteOffset, b.byteLength);
}
