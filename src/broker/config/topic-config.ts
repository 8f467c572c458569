// Topic configs: Kafka's default values, their types (for DescribeConfigs), and validation of the
// values a client sets with CreateTopics / AlterConfigs / IncrementalAlterConfigs.

/** DescribeConfigs configType values. */
export const ConfigType = { BOOLEAN: 1, STRING: 2, INT: 3, SHORT: 4, LONG: 5, DOUBLE: 6, LIST: 7, CLASS: 8, PASSWORD: 9 } as const;

interface ConfigDef {
  readonly defaultValue: string;
  readonly type: number;
  /** Returns an error message when the value is not acceptable. */
  readonly validate?: (value: string) => string | undefined;
}

const LONG_MAX = '9223372036854775807';
const int = (min: number) => (v: string) => (/^-?\d+$/.test(v) && Number(v) >= min ? undefined : `must be an integer >= ${min}`);
const long = (min: number) => (v: string) => (/^-?\d+$/.test(v) && BigInt(v) >= BigInt(min) ? undefined : `must be an integer >= ${min}`);
const bool = (v: string) => (v === 'true' || v === 'false' ? undefined : 'must be true or false');
const oneOf = (...values: string[]) => (v: string) => (values.includes(v) ? undefined : `must be one of ${values.join(', ')}`);
const listOf = (...values: string[]) => (v: string) =>
  v.split(',').every((x) => values.includes(x.trim())) ? undefined : `must be a list of ${values.join(', ')}`;
const ratio = (v: string) => (Number.isFinite(Number(v)) && Number(v) >= 0 && Number(v) <= 1 ? undefined : 'must be between 0 and 1');

const T = ConfigType;
/** Kafka 3.x topic configs with their defaults (what a broker with default settings reports). */
export const topicConfigDefs: ReadonlyMap<string, ConfigDef> = new Map<string, ConfigDef>([
  ['cleanup.policy', { defaultValue: 'delete', type: T.LIST, validate: listOf('delete', 'compact') }],
  ['compression.type', { defaultValue: 'producer', type: T.STRING, validate: oneOf('producer', 'uncompressed', 'gzip', 'snappy', 'lz4', 'zstd') }],
  ['delete.retention.ms', { defaultValue: '86400000', type: T.LONG, validate: long(0) }],
  ['file.delete.delay.ms', { defaultValue: '60000', type: T.LONG, validate: long(0) }],
  ['flush.messages', { defaultValue: LONG_MAX, type: T.LONG, validate: long(1) }],
  ['flush.ms', { defaultValue: LONG_MAX, type: T.LONG, validate: long(0) }],
  ['index.interval.bytes', { defaultValue: '4096', type: T.INT, validate: int(0) }],
  ['max.compaction.lag.ms', { defaultValue: LONG_MAX, type: T.LONG, validate: long(1) }],
  ['max.message.bytes', { defaultValue: '1048588', type: T.INT, validate: int(0) }],
  ['message.timestamp.after.max.ms', { defaultValue: LONG_MAX, type: T.LONG, validate: long(0) }],
  ['message.timestamp.before.max.ms', { defaultValue: LONG_MAX, type: T.LONG, validate: long(0) }],
  ['message.timestamp.type', { defaultValue: 'CreateTime', type: T.STRING, validate: oneOf('CreateTime', 'LogAppendTime') }],
  ['min.cleanable.dirty.ratio', { defaultValue: '0.5', type: T.DOUBLE, validate: ratio }],
  ['min.compaction.lag.ms', { defaultValue: '0', type: T.LONG, validate: long(0) }],
  ['min.insync.replicas', { defaultValue: '1', type: T.INT, validate: int(1) }],
  ['preallocate', { defaultValue: 'false', type: T.BOOLEAN, validate: bool }],
  ['retention.bytes', { defaultValue: '-1', type: T.LONG, validate: long(-1) }],
  ['retention.ms', { defaultValue: '604800000', type: T.LONG, validate: long(-1) }],
  ['segment.bytes', { defaultValue: '1073741824', type: T.INT, validate: int(14) }],
  ['segment.index.bytes', { defaultValue: '10485760', type: T.INT, validate: int(4) }],
  ['segment.jitter.ms', { defaultValue: '0', type: T.LONG, validate: long(0) }],
  ['segment.ms', { defaultValue: '604800000', type: T.LONG, validate: long(1) }],
  ['unclean.leader.election.enable', { defaultValue: 'false', type: T.BOOLEAN, validate: bool }],
]);

/** An error message when `name=value` cannot be set on a topic, else undefined. */
export function checkTopicConfig(name: string, value: string | null): string | undefined {
  const def = topicConfigDefs.get(name);
  if (!def) return `unknown topic config ${name}`;
  if (value === null) return undefined;
  return def.validate?.(value);
}

/** A topic's overrides over the defaults. */
export class TopicConfig {
  constructor(readonly overrides: Map<string, string> = new Map()) {}

  get(name: string): string {
    return this.overrides.get(name) ?? topicConfigDefs.get(name)?.defaultValue ?? '';
  }

  number(name: string): number {
    const n = Number(this.get(name));
    return Number.isFinite(n) ? Math.min(n, Number.MAX_SAFE_INTEGER) : 0;
  }
}
