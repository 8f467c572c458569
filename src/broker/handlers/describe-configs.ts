// DescribeConfigs (key 32), versions 0-4: topic configs (overrides and Kafka's defaults) and a few
// read-only broker configs.
import { describeConfigsApi } from '../../protocol/messages/describe-configs.js';
import type { DescribeConfigsRequest, DescribeConfigsResponse, DescribeConfigsResult } from '../../protocol/messages/describe-configs.js';
import { ConfigType } from '../config/topic-config.js';
import { ErrorCode } from '../../protocol/errors/index.js';
import type { BrokerState } from '../state/broker-state.js';
import { ConfigSource, ResourceType, reportTopicConfigs } from './topic-configs.js';
import type { ReportedConfig } from './topic-configs.js';
import { registerHandler } from './handler.js';

function brokerConfigs(state: BrokerState): ReportedConfig[] {
  const s = state.settings;
  const c = (name: string, value: string, type: number): ReportedConfig => ({ name, value, type, source: ConfigSource.STATIC_BROKER_CONFIG, isDefault: false });
  return [
    c('auto.create.topics.enable', String(s.autoCreateTopics), ConfigType.BOOLEAN),
    c('broker.id', String(s.nodeId), ConfigType.INT),
    c('default.replication.factor', '1', ConfigType.INT),
    c('log.dirs', s.dataDir ?? '', ConfigType.STRING),
    c('num.partitions', String(s.defaultPartitions), ConfigType.INT),
    c('offsets.topic.replication.factor', '1', ConfigType.SHORT),
  ];
}

registerHandler<DescribeConfigsRequest, DescribeConfigsResponse>({
  api: describeConfigsApi,
  minVersion: 0,
  maxVersion: 4,
  handle(request, ctx) {
    const { state, apiVersion } = ctx;
    const results = request.resources.map((r): DescribeConfigsResult => {
      const base = { resourceType: r.resourceType, resourceName: r.resourceName };
      let configs: ReportedConfig[];
      let readOnly = false;
      if (r.resourceType === ResourceType.TOPIC) {
        const topic = state.topics.get(r.resourceName);
        if (!topic) return { ...base, errorCode: ErrorCode.UNKNOWN_TOPIC_OR_PARTITION, errorMessage: `topic ${r.resourceName} does not exist`, configs: [] };
        configs = reportTopicConfigs(topic.config);
      } else if (r.resourceType === ResourceType.BROKER) {
        if (r.resourceName !== '' && r.resourceName !== String(state.settings.nodeId)) {
          return { ...base, errorCode: ErrorCode.INVALID_REQUEST, errorMessage: `unknown broker ${r.resourceName}`, configs: [] };
        }
        configs = brokerConfigs(state);
        readOnly = true;
      } else {
        return { ...base, errorCode: ErrorCode.INVALID_REQUEST, errorMessage: `resource type ${r.resourceType} is not supported`, configs: [] };
      }
      const keys = r.configurationKeys;
      if (keys !== null && keys.length > 0) configs = configs.filter((c) => keys.includes(c.name));
      return {
        ...base,
        errorCode: ErrorCode.NONE,
        errorMessage: null,
        configs: configs.map((c) => ({
          name: c.name,
          value: c.value,
          readOnly,
          isDefault: apiVersion === 0 && c.isDefault, // v0 only (non-ignorable)
          configSource: c.source,
          isSensitive: false,
          synonyms: request.includeSynonyms && apiVersion >= 1 ? [{ name: c.name, value: c.value, source: c.source }] : [],
          configType: c.type,
          documentation: null,
        })),
      };
    });
    return { throttleTimeMs: 0, results };
  },
});
