// AlterConfigs (key 33), versions 0-2: replaces all config overrides of a topic. Broker configs are
// static here.
import { alterConfigsApi } from '../../protocol/messages/alter-configs.js';
import type { AlterConfigsRequest, AlterConfigsResponse } from '../../protocol/messages/alter-configs.js';
import { ErrorCode } from '../../protocol/errors/index.js';
import { ResourceType, checkConfigs } from './topic-configs.js';
import { registerHandler } from './handler.js';

registerHandler<AlterConfigsRequest, AlterConfigsResponse>({
  api: alterConfigsApi,
  minVersion: 0,
  maxVersion: 2,
  handle(request, ctx) {
    const { state } = ctx;
    const responses = request.resources.map((r) => {
      const base = { resourceType: r.resourceType, resourceName: r.resourceName };
      if (r.resourceType !== ResourceType.TOPIC) return { ...base, errorCode: ErrorCode.INVALID_REQUEST, errorMessage: 'only topic configs can be altered' };
      const topic = state.topics.get(r.resourceName);
      if (!topic) return { ...base, errorCode: ErrorCode.UNKNOWN_TOPIC_OR_PARTITION, errorMessage: `topic ${r.resourceName} does not exist` };
      const problem = checkConfigs(r.configs);
      if (problem) return { ...base, errorCode: ErrorCode.INVALID_CONFIG, errorMessage: problem };
      if (!request.validateOnly) {
        const overrides = new Map<string, string>();
        for (const c of r.configs) if (c.value !== null) overrides.set(c.name, c.value);
        state.topics.setConfigs(topic, overrides);
      }
      return { ...base, errorCode: ErrorCode.NONE, errorMessage: null };
    });
    return { throttleTimeMs: 0, responses };
  },
});
