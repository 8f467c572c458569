// Builds the group and transaction coordinators of a broker and connects them to its partitions:
// markers go to the partition logs, transactional offsets to the group coordinator.
import { FileGroupLog } from '../group/file-group-log.js';
import { GroupCoordinator } from '../group/group-coordinator.js';
import { SystemTimer } from '../group/keyed-timer.js';
import type { KeyedTimer } from '../group/keyed-timer.js';
import type { TopicManager } from '../state/topics.js';
import { TxnCoordinator } from './txn-coordinator.js';
import { FileTxnLog } from './txn-log.js';

export interface CoordinatorSettings {
  /** group.initial.rebalance.delay.ms; default 100 (Kafka: 3000). */
  readonly initialRebalanceDelayMs?: number;
  /** group.min.session.timeout.ms; default 100 (Kafka: 6000). */
  readonly minSessionTimeoutMs?: number;
  /** group.max.session.timeout.ms; default 1800000. */
  readonly maxSessionTimeoutMs?: number;
  /** transaction.max.timeout.ms; default 900000. */
  readonly maxTransactionTimeoutMs?: number;
}

export interface Coordinators {
  readonly timer: KeyedTimer;
  readonly groups: GroupCoordinator;
  readonly txns: TxnCoordinator;
  close(): void;
}

export function createCoordinators(options: {
  topics: TopicManager;
  dataDir: string | undefined;
  fsync: boolean;
  allocateProducerId: () => number;
  settings: CoordinatorSettings;
}): Coordinators {
  const { topics, dataDir, settings } = options;
  const timer = new SystemTimer();
  const partitionExists = (topic: string, partition: number): boolean => topics.get(topic)?.partitions[partition] !== undefined;
  const groups = new GroupCoordinator({
    timer,
    ...(dataDir !== undefined ? { log: new FileGroupLog({ dataDir, fsync: options.fsync }) } : {}),
    ...(settings.initialRebalanceDelayMs !== undefined ? { initialRebalanceDelayMs: settings.initialRebalanceDelayMs } : {}),
    ...(settings.minSessionTimeoutMs !== undefined ? { minSessionTimeoutMs: settings.minSessionTimeoutMs } : {}),
    ...(settings.maxSessionTimeoutMs !== undefined ? { maxSessionTimeoutMs: settings.maxSessionTimeoutMs } : {}),
    partitionExists,
  });
  const txns = new TxnCoordinator({
    timer,
    ...(dataDir !== undefined ? { log: new FileTxnLog(dataDir, options.fsync) } : {}),
    ...(settings.maxTransactionTimeoutMs !== undefined ? { maxTransactionTimeoutMs: settings.maxTransactionTimeoutMs } : {}),
    allocateProducerId: options.allocateProducerId,
    participants: {
      partitionExists,
      writeMarker: (topic, partition, producerId, producerEpoch, commit) =>
        topics.get(topic)?.partitions[partition]?.appendMarker(producerId, producerEpoch, commit),
      completeTxnOffsets: (producerId, groupIds, commit) => groups.completeTxnOffsets(BigInt(producerId), groupIds, commit),
    },
  });
  txns.recover();
  return {
    timer,
    groups,
    txns,
    close() {
      timer.close();
      groups.close();
      txns.close();
    },
  };
}
