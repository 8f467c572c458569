// A commit refused because the group moved on: the thread's membership is gone (ILLEGAL_GENERATION,
// UNKNOWN_MEMBER_ID, FENCED_INSTANCE_ID: Kafka Streams' TaskMigratedException) or a rebalance is under way
// (REBALANCE_IN_PROGRESS). Neither is fatal for the thread: the consumer has already asked to rejoin,
// and after a lost membership its next poll reports the partitions lost, so the tasks are closed dirty.
// Under at-least-once the uncommitted records are processed again by the tasks' next owner, and no
// checkpoint is written after a refused commit (the changelogs may hold the next owner's writes already).
import { KafkaClientError } from '../../../client/index.js';

const MIGRATED = new Map<number, string>([
  [22, 'ILLEGAL_GENERATION'],
  [25, 'UNKNOWN_MEMBER_ID'],
  [82, 'FENCED_INSTANCE_ID'],
]);
const REBALANCE_IN_PROGRESS = 27;

/** 'migrated' (membership gone), 'rebalancing', or undefined for any other error */
export function commitMigration(error: unknown): 'migrated' | 'rebalancing' | undefined {
  const code = error instanceof KafkaClientError ? error.errorCode : undefined;
  if (code === undefined) return undefined;
  if (MIGRATED.has(code)) return 'migrated';
  return code === REBALANCE_IN_PROGRESS ? 'rebalancing' : undefined;
}

/** the log line of a refused commit */
export function describeCommitMigration(thread: string, error: unknown, kind: 'migrated' | 'rebalancing'): string {
  const name = error instanceof KafkaClientError && error.errorCode !== undefined ? (MIGRATED.get(error.errorCode) ?? 'REBALANCE_IN_PROGRESS') : 'unknown';
  return kind === 'migrated'
    ? `${thread}: offset commit refused (${name}): the group moved this thread's tasks; closing them dirty and rejoining`
    : `${thread}: offset commit refused (${name}): a rebalance is under way; committing again after it`;
}
