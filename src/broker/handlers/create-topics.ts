// CreateTopics (key 19), versions 0-7: partitions (or -1 for the broker default), replication factor 1
// (or -1), manual assignments to this broker only, topic configs, validateOnly.
import { createTopicsApi } from '../../protocol/messages/create-topics.js';
import type { CreateTopicsRequest, CreateTopicsResponse, CreatableTopicResult } from '../../protocol/messages/create-topics.js';
import { ZERO_UUID } from '../../protocol/index.js';
import { TopicConfig } from '../config/topic-config.js';
import { ErrorCode } from '../../protocol/errors/index.js';
import { checkTopicName } from '../state/topics.js';
import { checkConfigs, reportTopicConfigs } from './topic-configs.js';
import { registerHandler } from './handler.js';

registerHandler<CreateTopicsRequest, CreateTopicsResponse>({
  api: createTopicsApi,
  minVersion: 0,
  maxVersion: 7,
  handle(request, ctx) {
    const { state } = ctx;
    const counts = new Map<string, number>();
    for (const t of request.topics) counts.set(t.name, (counts.get(t.name) ?? 0) + 1);
    const topics = request.topics.map((t): CreatableTopicResult => {
      const fail = (errorCode: number, errorMessage: string): CreatableTopicResult => ({
        name: t.name,
        topicId: ZERO_UUID,
        errorCode,
        errorMessage,
        topicConfigErrorCode: 0,
        numPartitions: -1,
        replicationFactor: -1,
        configs: null,
      });
      if ((counts.get(t.name) ?? 0) > 1) return fail(ErrorCode.INVALID_REQUEST, `topic ${t.name} appears more than once in the request`);
      const badName = checkTopicName(t.name);
      if (badName) return fail(ErrorCode.INVALID_TOPIC_EXCEPTION, badName);
      if (state.topics.get(t.name)) return fail(ErrorCode.TOPIC_ALREADY_EXISTS, `topic ${t.name} already exists`);
      let partitions = t.numPartitions === -1 ? state.settings.defaultPartitions : t.numPartitions;
      if (t.assignments.length > 0) {
        if (t.numPartitions !== -1 || t.replicationFactor !== -1) {
          return fail(ErrorCode.INVALID_REQUEST, 'numPartitions and replicationFactor must be -1 with manual assignments');
        }
        const node = state.settings.nodeId;
        const ok = t.assignments.every((a, i) => a.partitionIndex === i && a.brokerIds.length === 1 && a.brokerIds[0] === node) ||
          t.assignments.every((a) => a.brokerIds.length === 1 && a.brokerIds[0] === node);
        if (!ok) return fail(ErrorCode.INVALID_REPLICA_ASSIGNMENT, `this broker is node ${node}, the only one`);
        partitions = t.assignments.length;
      } else if (t.replicationFactor !== -1 && t.replicationFactor !== 1) {
        return fail(ErrorCode.INVALID_REPLICATION_FACTOR, `replication factor ${t.replicationFactor} is larger than the 1 broker available`);
      }
      if (partitions <= 0) return fail(ErrorCode.INVALID_PARTITIONS, `number of partitions must be larger than 0, got ${partitions}`);
      const badConfig = checkConfigs(t.configs);
      if (badConfig) return fail(ErrorCode.INVALID_CONFIG, badConfig);
      const overrides = new Map<string, string>();
      for (const c of t.configs) if (c.value !== null) overrides.set(c.name, c.value);
      let topicId = ZERO_UUID;
      if (!request.validateOnly) {
        topicId = state.topics.create(t.name, partitions, overrides).id;
        state.log(`created topic ${t.name} with ${partitions} partitions`);
      }
      return {
        name: t.name,
        topicId,
        errorCode: ErrorCode.NONE,
        errorMessage: null,
        topicConfigErrorCode: 0,
        numPartitions: partitions,
        replicationFactor: 1,
        configs: reportTopicConfigs(new TopicConfig(overrides)).map((c) => ({
          name: c.name,
          value: c.value,
          readOnly: false,
          configSource: c.source,
          isSensitive: false,
        })),
      };
    });
    return { throttleTimeMs: 0, topics };
  },
});
