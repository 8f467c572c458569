// IncrementalAlterConfigs (key 44), versions 0-1: SET (0), DELETE (1), APPEND (2) and SUBTRACT (3)
// on a topic's config overrides.
import { incrementalAlterConfigsApi } from '../../protocol/messages/incremental-alter-configs.js';
import type { IncrementalAlterConfigsRequest, IncrementalAlterConfigsResponse } from '../../protocol/messages/incremental-alter-configs.js';
import { ErrorCode } from '../../protocol/errors/index.js';
import { ResourceType, checkConfigs } from './topic-configs.js';
import { registerHandler } from './handler.js';

registerHandler<IncrementalAlterConfigsRequest, IncrementalAlterConfigsResponse>({
  api: incrementalAlterConfigsApi,
  minVersion: 0,
  maxVersion: 1,
  handle(request, ctx) {
    const { state } = ctx;
    const responses = request.resources.map((r) => {
      const base = { resourceType: r.resourceType, resourceName: r.resourceName };
      if (r.resourceType !== ResourceType.TOPIC) return { ...base, errorCode: ErrorCode.INVALID_REQUEST, errorMessage: 'only topic configs can be altered' };
      const topic = state.topics.get(r.resourceName);
      if (!topic) return { ...base, errorCode: ErrorCode.UNKNOWN_TOPIC_OR_PARTITION, errorMessage: `topic ${r.resourceName} does not exist` };
      const next = new Map(topic.config.overrides);
      for (const c of r.configs) {
        const list = () => topic.config.get(c.name).split(',').map((x) => x.trim()).filter((x) => x !== '');
        switch (c.configOperation) {
          case 0:
            if (c.value === null) next.delete(c.name);
            else next.set(c.name, c.value);
            break;
          case 1:
            next.delete(c.name);
            break;
          case 2:
          case 3: {
            const items = (c.value ?? '').split(',').map((x) => x.trim()).filter((x) => x !== '');
            const current = list();
            const result = c.configOperation === 2 ? [...current, ...items.filter((x) => !current.includes(x))] : current.filter((x) => !items.includes(x));
            next.set(c.name, result.join(','));
            break;
          }
          default:
            return { ...base, errorCode: ErrorCode.INVALID_REQUEST, errorMessage: `unknown config operation ${c.configOperation}` };
        }
      }
      const problem = checkConfigs([...next].map(([name, value]) => ({ name, value })));
      if (problem) return { ...base, errorCode: ErrorCode.INVALID_CONFIG, errorMessage: problem };
      if (!request.validateOnly) state.topics.setConfigs(topic, next);
      return { ...base, errorCode: ErrorCode.NONE, errorMessage: null };
    });
    return { throttleTimeMs: 0, responses };
  },
});
