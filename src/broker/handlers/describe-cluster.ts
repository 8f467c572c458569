// DescribeCluster (key 60), versions 0-1: this one broker, which is also the controller.
import { describeClusterApi } from '../../protocol/messages/describe-cluster.js';
import type { DescribeClusterRequest, DescribeClusterResponse } from '../../protocol/messages/describe-cluster.js';
import { ErrorCode } from '../../protocol/errors/index.js';
import { registerHandler } from './handler.js';

registerHandler<DescribeClusterRequest, DescribeClusterResponse>({
  api: describeClusterApi,
  minVersion: 0,
  maxVersion: 1,
  handle(request, ctx) {
    const s = ctx.state.settings;
    return {
      throttleTimeMs: 0,
      errorCode: ErrorCode.NONE,
      errorMessage: null,
      endpointType: request.endpointType ?? 1,
      clusterId: s.clusterId,
      controllerId: s.nodeId,
      brokers: [{ brokerId: s.nodeId, host: s.host, port: s.port, rack: null }],
      clusterAuthorizedOperations: -2147483648,
    };
  },
});
