// Everything the broker knows, kept by concern: topics (with their partitions, logs and producer state)
// and producer ids. Groups and transactions will sit beside them. All state is changed from request
// handlers running on the one event loop, one request step at a time, so nothing needs a lock.
import { ErrorCode } from '../../protocol/errors/index.js';
import { ProducerIdManager } from './producer-ids.js';
import { TopicManager, checkTopicName } from './topics.js';
import type { Topic } from './topics.js';
import type { FsyncPolicy } from '../log/partition-log.js';
import { createCoordinators } from '../txn/coordinators.js';
import type { CoordinatorSettings, Coordinators } from '../txn/coordinators.js';
import type { GroupCoordinator } from '../group/group-coordinator.js';
import type { TxnCoordinator } from '../txn/txn-coordinator.js';

export interface BrokerSettings {
  readonly nodeId: number;
  readonly clusterId: string;
  /** Host and port advertised in Metadata (the bound address). */
  host: string;
  port: number;
  readonly autoCreateTopics: boolean;
  readonly defaultPartitions: number;
  readonly dataDir?: string;
  readonly fsync: FsyncPolicy;
  /** Group and transaction coordinator settings (timeouts, delays). */
  readonly coordinators?: CoordinatorSettings;
}

export class BrokerState {
  readonly topics: TopicManager;
  readonly producerIds: ProducerIdManager;
  readonly coordinators: Coordinators;
  readonly groups: GroupCoordinator;
  readonly txns: TxnCoordinator;

  constructor(
    readonly settings: BrokerSettings,
    readonly log: (message: string) => void,
  ) {
    this.topics = new TopicManager(settings.dataDir ? { dataDir: settings.dataDir, fsync: settings.fsync, log } : { fsync: settings.fsync, log });
    this.producerIds = new ProducerIdManager(settings.dataDir);
    this.coordinators = createCoordinators({
      topics: this.topics,
      dataDir: settings.dataDir,
      fsync: settings.fsync.kind === 'always',
      allocateProducerId: () => this.producerIds.allocate(),
      settings: settings.coordinators ?? {},
    });
    this.groups = this.coordinators.groups;
    this.txns = this.coordinators.txns;
  }

  /**
   * The topic, auto-created when allowed (Metadata with allowAutoTopicCreation, or Produce).
   * Returns an error code when it does not exist and cannot be created.
   */
  topicOrAutoCreate(name: string, allowAutoCreate: boolean): Topic | number {
    const topic = this.topics.get(name);
    if (topic) return topic;
    if (!allowAutoCreate || !this.settings.autoCreateTopics) return ErrorCode.UNKNOWN_TOPIC_OR_PARTITION;
    if (checkTopicName(name) !== undefined) return ErrorCode.INVALID_TOPIC_EXCEPTION;
    this.log(`auto-created topic ${name} with ${this.settings.defaultPartitions} partitions`);
    return this.topics.create(name, this.settings.defaultPartitions, new Map());
  }
}
