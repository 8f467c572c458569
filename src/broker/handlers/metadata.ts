// Metadata (key 3), versions 0-12: this one broker, and the requested (or all) topics; unknown topics
// are auto-created when the request and the broker allow it. Topics can be asked for by id (v10+).
import { metadataApi } from '../../protocol/messages/metadata.js';
import type { MetadataRequest, MetadataResponse, MetadataResponseTopic } from '../../protocol/messages/metadata.js';
import { ZERO_UUID } from '../../protocol/index.js';
import { ErrorCode } from '../../protocol/errors/index.js';
import type { Topic } from '../state/topics.js';
import { registerHandler } from './handler.js';

const NO_OPERATIONS = -2147483648;

registerHandler<MetadataRequest, MetadataResponse>({
  api: metadataApi,
  minVersion: 0,
  maxVersion: 12,
  handle(request, ctx) {
    const { state, apiVersion } = ctx;
    const node = state.settings.nodeId;
    const describe = (topic: Topic): MetadataResponseTopic => ({
      errorCode: ErrorCode.NONE,
      name: topic.name,
      topicId: topic.id,
      isInternal: topic.internal,
      partitions: topic.partitions.map((p) => ({
        errorCode: ErrorCode.NONE,
        partitionIndex: p.index,
        leaderId: node,
        leaderEpoch: p.leaderEpoch,
        replicaNodes: [node],
        isrNodes: [node],
        offlineReplicas: [],
      })),
      topicAuthorizedOperations: NO_OPERATIONS,
    });
    const missing = (name: string | null, topicId: string, errorCode: number): MetadataResponseTopic => ({
      errorCode,
      name,
      topicId,
      isInternal: false,
      partitions: [],
      topicAuthorizedOperations: NO_OPERATIONS,
    });
    let topics: MetadataResponseTopic[];
    const all = request.topics === null || (apiVersion === 0 && request.topics.length === 0);
    if (all) topics = [...state.topics.all()].map(describe);
    else {
      const allowAutoCreate = apiVersion < 4 || request.allowAutoTopicCreation !== false;
      topics = (request.topics ?? []).map((t) => {
        if (t.name === null || t.name === undefined) {
          const byId = t.topicId ? state.topics.getById(t.topicId) : undefined;
          return byId ? describe(byId) : missing(null, t.topicId ?? ZERO_UUID, ErrorCode.UNKNOWN_TOPIC_ID);
        }
        const found = state.topicOrAutoCreate(t.name, allowAutoCreate);
        return typeof found === 'number' ? missing(t.name, ZERO_UUID, found) : describe(found);
      });
    }
    return {
      throttleTimeMs: 0,
      brokers: [{ nodeId: node, host: state.settings.host, port: state.settings.port, rack: null }],
      clusterId: state.settings.clusterId,
      controllerId: node,
      topics,
      clusterAuthorizedOperations: NO_OPERATIONS,
    };
  },
});
