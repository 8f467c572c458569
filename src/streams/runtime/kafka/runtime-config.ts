// KafkaStreams settings, read once from the user's config with Kafka Streams' names and defaults.
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { configNumber, DEFAULT_CACHE_MAX_BYTES, type StreamsConfig } from '../../config.js';
import type { ClientOptions, SecurityProtocol } from '../../../client/index.js';
import type { SaslMechanismName } from '../../../client/index.js';
import { StreamsError } from '../../errors/streams-error.js';
import { EOS_COMMIT_INTERVAL_MS, EOS_TRANSACTION_TIMEOUT_MS, resolveProcessingGuarantee, type ProcessingGuarantee } from './eos-config.js';

export interface RuntimeConfig {
  applicationId: string;
  clientOptions: ClientOptions;
  numStreamThreads: number;
  /** 'exactly_once_v2' also for the deprecated alias 'exactly_once_beta' (see eos-config.ts) */
  processingGuarantee: ProcessingGuarantee;
  /** exactly-once v2: transaction.timeout.ms of the thread producers (Kafka Streams' default 10000) */
  transactionTimeoutMs: number;
  commitIntervalMs: number;
  cacheMaxBytes: number;
  stateDir: string;
  numStandbyReplicas: number;
  replicationFactor: number;
  maxTaskIdleMs: number;
  acceptableRecoveryLag: number;
  maxWarmupReplicas: number;
  probingRebalanceIntervalMs: number;
  applicationServer: string;
  bufferedRecordsPerPartition: number;
  pollMs: number;
  stateCleanupDelayMs: number;
  repartitionPurgeIntervalMs: number;
  sessionTimeoutMs: number;
  heartbeatIntervalMs: number;
  maxPollRecords: number;
  autoOffsetReset: 'earliest' | 'latest';
  /** how often pattern sources look for new matching topics (the consumer's `metadata.max.age.ms`) */
  metadataMaxAgeMs: number;
}

function str(config: Readonly<StreamsConfig>, key: string): string | undefined {
  const v = config[key];
  return v === undefined || v === null ? undefined : String(v);
}

export function resolveRuntimeConfig(config: Readonly<StreamsConfig>): RuntimeConfig {
  const applicationId = str(config, 'application.id');
  if (!applicationId) throw new StreamsError('application.id must be set', { code: 'CONFIG' });
  const bootstrap = str(config, 'bootstrap.servers');
  if (!bootstrap) throw new StreamsError('bootstrap.servers must be set', { code: 'CONFIG' });
  const guarantee = resolveProcessingGuarantee(str(config, 'processing.guarantee'));
  const eos = guarantee === 'exactly_once_v2';
  const clientOptions: ClientOptions = {
    bootstrapServers: bootstrap,
    clientId: str(config, 'client.id') ?? applicationId,
  };
  const security = str(config, 'security.protocol');
  if (security !== undefined) clientOptions.securityProtocol = security as SecurityProtocol;
  const mechanism = str(config, 'sasl.mechanism');
  if (mechanism !== undefined) clientOptions.saslMechanism = mechanism as SaslMechanismName;
  const user = str(config, 'sasl.username');
  if (user !== undefined) clientOptions.saslUsername = user;
  const password = str(config, 'sasl.password');
  if (password !== undefined) clientOptions.saslPassword = password;
  const ssl = config['ssl'];
  if (ssl !== undefined && typeof ssl === 'object' && ssl !== null) clientOptions.ssl = ssl as NonNullable<ClientOptions['ssl']>;
  const reset = str(config, 'auto.offset.reset') ?? 'earliest';
  return {
    applicationId,
    clientOptions,
    numStreamThreads: configNumber(config, 'num.stream.threads', 1),
    processingGuarantee: guarantee,
    transactionTimeoutMs: configNumber(config, 'producer.transaction.timeout.ms', configNumber(config, 'transaction.timeout.ms', EOS_TRANSACTION_TIMEOUT_MS)),
    commitIntervalMs: configNumber(config, 'commit.interval.ms', eos ? EOS_COMMIT_INTERVAL_MS : 30_000),
    cacheMaxBytes: configNumber(config, 'statestore.cache.max.bytes', configNumber(config, 'cache.max.bytes.buffering', configNumber(config, 'cache.max.bytes', DEFAULT_CACHE_MAX_BYTES))),
    stateDir: str(config, 'state.dir') ?? join(tmpdir(), 'kafka-streams'),
    numStandbyReplicas: configNumber(config, 'num.standby.replicas', 0),
    replicationFactor: configNumber(config, 'replication.factor', -1),
    maxTaskIdleMs: configNumber(config, 'max.task.idle.ms', 0),
    acceptableRecoveryLag: configNumber(config, 'acceptable.recovery.lag', 10_000),
    maxWarmupReplicas: configNumber(config, 'max.warmup.replicas', 2),
    probingRebalanceIntervalMs: configNumber(config, 'probing.rebalance.interval.ms', 600_000),
    applicationServer: str(config, 'application.server') ?? '',
    bufferedRecordsPerPartition: configNumber(config, 'buffered.records.per.partition', 1000),
    pollMs: configNumber(config, 'poll.ms', 100),
    stateCleanupDelayMs: configNumber(config, 'state.cleanup.delay.ms', 600_000),
    repartitionPurgeIntervalMs: configNumber(config, 'repartition.purge.interval.ms', 30_000),
    sessionTimeoutMs: configNumber(config, 'session.timeout.ms', 45_000),
    heartbeatIntervalMs: configNumber(config, 'heartbeat.interval.ms', 3000),
    maxPollRecords: configNumber(config, 'max.poll.records', 1000),
    autoOffsetReset: reset === 'latest' ? 'latest' : 'earliest',
    metadataMaxAgeMs: configNumber(config, 'metadata.max.age.ms', 300_000),
  };
}
