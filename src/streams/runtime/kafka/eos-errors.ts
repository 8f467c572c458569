// How a stream thread under exactly-once v2 reads a failure of its transactional producer (Kafka Streams'
// TaskMigratedException and TaskCorruptedException). Both end the same way here: the thread aborts the
// transaction if it still can, closes every active task dirty (their local state is wiped), starts a new
// producer epoch and rejoins the group. Neither takes the thread to ERROR.
//
// - migrated: another owner took over. The producer was fenced (PRODUCER_FENCED / INVALID_PRODUCER_EPOCH:
//   a newer producer initialized the same transactional.id, or the coordinator aborted our transaction
//   after transaction.timeout.ms and bumped the epoch), or the group coordinator refused the offsets of
//   the transaction because our membership is stale (ILLEGAL_GENERATION, UNKNOWN_MEMBER_ID,
//   FENCED_INSTANCE_ID, REBALANCE_IN_PROGRESS after the client's retries).
// - corrupted: any other client error from a send, the offsets or the commit (a record that could not be
//   written poisons the open transaction: it can only abort). The thread recovers the same way, but only
//   MAX_CONSECUTIVE_CORRUPTIONS times in a row without a successful commit; then the error is fatal (a
//   record that can never be written would otherwise loop forever).
import { KafkaClientError, ProducerFencedError } from '../../../client/index.js';
import { StreamsError } from '../../errors/streams-error.js';

/** ILLEGAL_GENERATION, UNKNOWN_MEMBER_ID, REBALANCE_IN_PROGRESS, FENCED_INSTANCE_ID */
const GROUP_FENCED_CODES: ReadonlySet<number> = new Set([22, 25, 27, 82]);
/** INVALID_PRODUCER_EPOCH, PRODUCER_FENCED, INVALID_PRODUCER_ID_MAPPING, TRANSACTIONAL_ID_NOT_FOUND */
const PRODUCER_FENCED_CODES: ReadonlySet<number> = new Set([47, 90, 49, 105]);

export const MAX_CONSECUTIVE_CORRUPTIONS = 5;

/** Another member or producer owns the thread's tasks now (Kafka's TaskMigratedException). */
export class TaskMigratedError extends StreamsError {
  constructor(message: string, cause: unknown) {
    super(message, { code: 'TASK_MIGRATED', retriable: true, cause });
  }
}

/** The open transaction cannot commit; the tasks' uncommitted state must go (Kafka's TaskCorruptedException). */
export class TaskCorruptedError extends StreamsError {
  constructor(message: string, cause: unknown) {
    super(message, { code: 'TASK_CORRUPTED', retriable: true, cause });
  }
}

export type EosFailure = TaskMigratedError | TaskCorruptedError;

export function isEosFailure(e: unknown): e is EosFailure {
  return e instanceof TaskMigratedError || e instanceof TaskCorruptedError;
}

/** Wraps an error of a transactional producer operation; errors that are not the client's pass through. */
export function classifyProducerError(what: string, e: unknown): unknown {
  if (isEosFailure(e)) return e;
  const text = e instanceof Error ? e.message : String(e);
  if (e instanceof ProducerFencedError || (e instanceof KafkaClientError && e.errorCode !== undefined && PRODUCER_FENCED_CODES.has(e.errorCode))) {
    return new TaskMigratedError(`${what}: the producer was fenced (${text})`, e);
  }
  if (e instanceof KafkaClientError && e.errorCode !== undefined && GROUP_FENCED_CODES.has(e.errorCode)) {
    return new TaskMigratedError(`${what}: the group fenced this member (${text})`, e);
  }
  if (e instanceof KafkaClientError) return new TaskCorruptedError(`${what}: the transaction cannot commit (${text})`, e);
  return e;
}
