// Shared by CreateTopics, DescribeConfigs and the AlterConfigs handlers: a topic's configs as Kafka
// reports them (value, source, type), and validation of a set of overrides.
import { ConfigType, checkTopicConfig, topicConfigDefs } from '../config/topic-config.js';
import type { TopicConfig } from '../config/topic-config.js';

export const ConfigSource = { DYNAMIC_TOPIC_CONFIG: 1, STATIC_BROKER_CONFIG: 4, DEFAULT_CONFIG: 5 } as const;
export const ResourceType = { TOPIC: 2, BROKER: 4 } as const;

export interface ReportedConfig {
  readonly name: string;
  readonly value: string;
  readonly source: number;
  readonly type: number;
  readonly isDefault: boolean;
}

/** Every topic config with its effective value, in name order (overrides or Kafka's defaults). */
export function reportTopicConfigs(config: TopicConfig): ReportedConfig[] {
  return [...topicConfigDefs.keys()].sort().map((name) => {
    const override = config.overrides.has(name);
    return {
      name,
      value: config.get(name),
      source: override ? ConfigSource.DYNAMIC_TOPIC_CONFIG : ConfigSource.DEFAULT_CONFIG,
      type: topicConfigDefs.get(name)?.type ?? ConfigType.STRING,
      isDefault: !override,
    };
  });
}

/** The first problem with a list of name/value pairs, or undefined. */
export function checkConfigs(configs: readonly { name: string; value: string | null }[]): string | undefined {
  for (const c of configs) {
    const problem = checkTopicConfig(c.name, c.value);
    if (problem) return `${c.name}=${c.value ?? 'null'}: ${problem}`;
  }
  return undefined;
}
